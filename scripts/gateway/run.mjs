// `npm run gateway`: the key gateway alone, on GATEWAY_PORT (default 4466), against the PostgreSQL
// server in DATABASE_URL, so verification and queries scale out separately from the Console. Run as
// many as needed; each hears deletes through LISTEN/NOTIFY (see lib/gateway/listener.ts). To run
// queries it needs the Console's PLATFORM_ENCRYPTION_KEY (or the same data folder's key file): it
// decrypts the resources' connection strings with it; without, queries get P6008 naming it.
import { pathToFileURL } from "node:url";
import { buildGateway } from "./build.mjs";

const bundle = await import(pathToFileURL(await buildGateway()).href);
let gateway;
let graceMs;
try {
  graceMs = bundle.shutdownGraceMsFromEnv();
  gateway = await bundle.startStandaloneGateway();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
console.log(`Key gateway listening on http://${gateway.server.address().address}:${gateway.port} (PostgreSQL): verifies keys and runs Prisma Client queries`);
// Tests start several of these with GATEWAY_PORT=0 and read the port from this line.
if (process.send) process.send({ port: gateway.port, instanceId: gateway.listener?.instanceId, instanceName: gateway.engine.instanceId });

// SIGTERM/SIGINT: drain (lib/net/graceful-shutdown.ts) for up to SHUTDOWN_GRACE_MS, a second signal
// cuts that short; then the last uses are written and the database connections closed; exit 0.
const log = (message) => console.log(`[gateway] ${message}`);
bundle.exitOnShutdownSignals(
  async (signal, cut) => {
    log(`Received ${signal}: draining (up to ${graceMs / 1000} s; ${signal} again to stop at once)…`);
    const report = await bundle.drainServer(gateway.server, graceMs, cut);
    log(`Drained: ${bundle.describeDrain(report)}.`);
    await gateway.close();
    log("Stopped cleanly.");
  },
  graceMs + 10_000,
  log,
);
