// What the plain-Node scripts load from the gateway bundle (scripts/gateway/build.mjs):
// scripts/server.mjs (the Console process) and scripts/gateway/run.mjs (`npm run gateway`).
import type { PGlite } from "@electric-sql/pglite";
import { resolveDatabaseTarget } from "@/lib/server/database-target.mjs";
import { crashRecoveryMessage, pgliteShutdownState } from "@/lib/server/pglite-recovery.mjs";
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
 * The gateway inside the Console's process. With the embedded database, this opens PGlite (one
 * process, one instance) and shares it with the Console's Prisma client; `close` closes it last.
 */
export async function startConsoleGateway(overrides: Partial<GatewayConfig> = {}): Promise<Gateway> {
  const config = { ...gatewayConfigFromEnv(), ...overrides };
  const target = resolveDatabaseTarget();
  if (target.kind === "postgres") return createGateway({ kind: "postgres", url: target.url }, config);

  const { PGlite } = await import("@electric-sql/pglite");
  // `npm start` migrates first and that step reports a crash recovery; this is for any other start.
  const before = target.dataDir ? pgliteShutdownState(target.dataDir) : null;
  const pglite: PGlite = target.dataDir ? new PGlite(target.dataDir) : new PGlite();
  await pglite.waitReady;
  if (target.dataDir && before && !before.clean) console.warn(crashRecoveryMessage(target.dataDir, before));
  (globalThis as Record<symbol, unknown>)[SHARED_PGLITE] = pglite;
  const gateway = await createGateway({ kind: "pglite", pglite }, config);
  return {
    ...gateway,
    async close() {
      await gateway.close();
      delete (globalThis as Record<symbol, unknown>)[SHARED_PGLITE];
      // Closing PGlite checkpoints it; skipping this makes the next start run crash recovery.
      await pglite.close();
    },
  };
}

/** `npm run gateway`: the gateway alone, for PostgreSQL (PGlite cannot be shared between processes). */
export async function startStandaloneGateway(): Promise<Gateway> {
  const target = resolveDatabaseTarget();
  if (target.kind !== "postgres") {
    throw new Error(
      "npm run gateway needs DATABASE_URL=postgresql://…: the embedded database lives in the Console's process, and `npm start` already serves the gateway there.",
    );
  }
  const config = gatewayConfigFromEnv();
  if (config.port === null) throw new Error("GATEWAY_PORT is off: the standalone gateway needs a port.");
  return createGateway({ kind: "postgres", url: target.url }, config);
}
