import "server-only";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { registerDatabaseProbe } from "./database-outage";
import { resolveDatabaseTarget } from "./database-target.mjs";
import { crashRecoveryMessage, pgliteShutdownState } from "./pglite-recovery.mjs";
import { demoSeedWanted } from "./seed-demo-decision.mjs";

// One PrismaClient per process, on the adapter DATABASE_URL asks for. It is opened on first use,
// never at import, so `next build` never touches a database, and PGlite (one process, one
// connection) is opened only by the server that serves requests.

type Handle = { prisma: PrismaClient; close: () => Promise<void>; pglite?: import("@electric-sql/pglite").PGlite };

const HANDLE = Symbol.for("platform-console.db");
const SHUTDOWN = Symbol.for("platform-console.shutdown");
const SHARED_PGLITE = Symbol.for("platform-console.pglite");
type GlobalWithDb = typeof globalThis & { [HANDLE]?: Promise<Handle>; [SHUTDOWN]?: () => Promise<void> };
const store = globalThis as GlobalWithDb;

async function open(): Promise<Handle> {
  const target = resolveDatabaseTarget();
  if (target.kind === "postgres") {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    // A server that does not answer at all (a partition, not a refusal) fails a request after 5 s
    // instead of holding it until the client gives up.
    const adapter = new PrismaPg({ connectionString: target.url, max: 10, connectionTimeoutMillis: 5_000 });
    const prisma = new PrismaClient({ adapter });
    return { prisma, close: () => prisma.$disconnect() };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  // The custom server opens PGlite before Next.js (its key gateway reads it too; lib/gateway/entry.ts)
  // and closes it after us: one process, one instance.
  const shared = (globalThis as Record<symbol, unknown>)[SHARED_PGLITE] as Handle["pglite"];
  if (shared) {
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(shared) });
    return { prisma, pglite: shared, close: () => prisma.$disconnect() };
  }
  const before = target.dataDir ? pgliteShutdownState(target.dataDir) : null;
  const pglite = target.dataDir ? new PGlite(target.dataDir) : new PGlite();
  await pglite.waitReady;
  if (target.dataDir && before && !before.clean) console.warn(crashRecoveryMessage(target.dataDir, before));
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    prisma,
    pglite,
    close: async () => {
      await prisma.$disconnect();
      // Closing PGlite checkpoints it; skipping this makes the next start run crash recovery.
      await pglite.close();
    },
  };
}

async function openAndSeed(): Promise<Handle> {
  const opened = await open();
  // During an outage, how lib/server/database-outage.ts notices that the database is back.
  registerDatabaseProbe(() => opened.prisma.$queryRaw`SELECT 1`);
  // Set by the start script for the server it starts (never in tests): the first start of the
  // embedded database gets a demo account; a PostgreSQL server only with PLATFORM_DEMO=1, checked
  // again here so that nothing but that setting seeds a published password into a server database.
  if (process.env.PLATFORM_SEED_DEMO === "1" && demoSeedWanted(process.env, resolveDatabaseTarget())) {
    const { seedDemoIfEmpty } = await import("./seed-demo");
    if (await seedDemoIfEmpty(opened.prisma)) console.log("[platform-console] Seeded the demo account (see README).");
  }
  return opened;
}

function handle(): Promise<Handle> {
  if (!store[HANDLE]) {
    const opening = openAndSeed();
    store[HANDLE] = opening;
    // The custom server (scripts/server.mjs) calls this on SIGINT/SIGTERM, in the same process.
    store[SHUTDOWN] = async () => {
      delete store[HANDLE];
      await (await opening).close();
    };
    opening.catch(() => {
      if (store[HANDLE] === opening) delete store[HANDLE];
    });
  }
  return store[HANDLE];
}

/** The Prisma client. Every data-access module awaits this. */
export async function db(): Promise<PrismaClient> {
  return (await handle()).prisma;
}

/** The raw PGlite instance when the embedded database is in use (tests apply SQL through it). */
export async function embeddedPglite() {
  return (await handle()).pglite;
}

export async function closeDb(): Promise<void> {
  await store[SHUTDOWN]?.();
}
