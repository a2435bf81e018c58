// What the plain-Node scripts load from the gateway bundle (scripts/gateway/build.mjs):
// scripts/server.mjs (the Console process) and scripts/gateway/run.mjs (`npm run gateway`).
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { EMBEDDED_DEMO_FOLDER } from "@/lib/demo/embedded";
import { ENCRYPTION_KEY_ENV, loadEncryptionKey } from "@/lib/secrets/connection-encryption";
import { dataDirectory, resolveDatabaseTarget } from "@/lib/server/database-target.mjs";
import { crashRecoveryMessage, pgliteShutdownState } from "@/lib/server/pglite-recovery.mjs";
import { EmbeddedDemoDatabase } from "./demo-database";
import { createGateway, gatewayConfigFromEnv, type Gateway, type GatewayConfig } from "./gateway";

export { createGateway, gatewayConfigFromEnv } from "./gateway";
export { clientAddressOf, VERIFY_PATH } from "./http";
// The Console's own server shares the gateway's HTTP limits (timeouts, sockets per address).
export { createLimitedServer, httpServerLimitsFromEnv } from "@/lib/net/http-server-limits";
// Both scripts drain their servers on SIGTERM the same way.
export { describeDrain, drainServer, exitOnShutdownSignals, shutdownGraceMsFromEnv } from "@/lib/net/graceful-shutdown";
// The Console's server keeps a database outage to one log line, for what Next.js logs itself too.
export {
  databaseOutageSince,
  isDatabaseUnavailable,
  OUTAGE_RETRY_AFTER_SECONDS,
  reportDatabaseUnavailable,
} from "@/lib/server/database-outage";

/** Where the Console's db() finds the PGlite instance this process already opened (lib/server/db.ts). */
const SHARED_PGLITE = Symbol.for("platform-console.pglite");

/**
 * The gateway inside the Console's process. It decrypts connection strings with the Console's own
 * key (creating it in the data folder on first need, as the Console does). With the embedded
 * database, this opens PGlite (one process, one instance) and shares it with the Console's Prisma
 * client, and holds the embedded demo database that storefront-db's queries run on; `close`
 * closes both last.
 */
export async function startConsoleGateway(overrides: Partial<GatewayConfig> = {}): Promise<Gateway> {
  const config: GatewayConfig = { encryptionKey: () => loadEncryptionKey({ create: true }), ...gatewayConfigFromEnv(), ...overrides };
  const target = resolveDatabaseTarget();
  if (target.kind === "postgres") return createGateway({ kind: "postgres", url: target.url }, config);

  const { PGlite } = await import("@electric-sql/pglite");
  // `npm start` migrates first and that step reports a crash recovery; this is for any other start.
  const before = target.dataDir ? pgliteShutdownState(target.dataDir) : null;
  const pglite: PGlite = target.dataDir ? new PGlite(target.dataDir) : new PGlite();
  await pglite.waitReady;
  if (target.dataDir && before && !before.clean) console.warn(crashRecoveryMessage(target.dataDir, before));
  (globalThis as Record<symbol, unknown>)[SHARED_PGLITE] = pglite;
  const demo = new EmbeddedDemoDatabase(target.dataDir ? path.join(dataDirectory(), EMBEDDED_DEMO_FOLDER) : null, config.log);
  const unpublish = demo.publish();
  const gateway = await createGateway({ kind: "pglite", pglite }, { embeddedDemo: () => demo.target(), ...config });
  return {
    ...gateway,
    async close() {
      await gateway.close();
      unpublish();
      delete (globalThis as Record<symbol, unknown>)[SHARED_PGLITE];
      // Closing PGlite checkpoints it; skipping this makes the next start run crash recovery.
      await demo.close();
      await pglite.close();
    },
  };
}

/**
 * `npm run gateway`: the gateway alone, for PostgreSQL (PGlite cannot be shared between processes).
 * It decrypts stored connection strings with PLATFORM_ENCRYPTION_KEY, or the data folder's key file
 * if it shares the Console's; it never creates a key. Without one it still verifies keys, and
 * queries get P6008 naming the variable; a set but malformed value stops it at start.
 */
export async function startStandaloneGateway(): Promise<Gateway> {
  const target = resolveDatabaseTarget();
  if (target.kind !== "postgres") {
    throw new Error(
      "npm run gateway needs DATABASE_URL=postgresql://…: the embedded database lives in the Console's process, and `npm start` already serves the gateway there.",
    );
  }
  const config = gatewayConfigFromEnv();
  if (config.port === null) throw new Error("GATEWAY_PORT is off: the standalone gateway needs a port.");
  try {
    loadEncryptionKey({ create: false });
  } catch (error) {
    if ((process.env[ENCRYPTION_KEY_ENV] ?? "").trim() !== "") throw error;
    config.log(
      `${error instanceof Error ? error.message : String(error)} Until then, queries on stored database connections are answered P6008 (keys still verify).`,
    );
  }
  return createGateway({ kind: "postgres", url: target.url }, config);
}
