// The Console's HTTP server: Next.js behind a plain node:http server, so that this process owns
// shutdown, and the key gateway (lib/gateway) in the same process: on GATEWAY_PORT (default 4466),
// and for POST /api/v1/keys/verify on the Console's port, where Next.js never sees the request.
// With the embedded database the gateway opens PGlite first and Next.js's Prisma client shares it.
// On SIGINT/SIGTERM it stops accepting connections, then closes the database (PGlite must be
// closed cleanly, or the next start runs crash recovery), then exits.
import http from "node:http";
import { pathToFileURL } from "node:url";
import next from "next";
import { buildGateway } from "./gateway/build.mjs";

const SHUTDOWN = Symbol.for("platform-console.shutdown");

export async function startServer({ dir, port, hostname, dev = false }) {
  const { startConsoleGateway, clientAddressOf, VERIFY_PATH } = await import(pathToFileURL(await buildGateway()).href);
  const gateway = await startConsoleGateway();
  if (gateway.port !== null) console.log(`Key gateway on http://localhost:${gateway.port} (GATEWAY_PORT)`);
  const app = next({ dev, dir, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const trustProxy = process.env.PLATFORM_TRUST_PROXY === "1";
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0];
    if (path === VERIFY_PATH) return gateway.handler.handleVerify(req, res);
    // Rate limits key on this header (lib/server/client-address.ts); whatever a client sent under
    // that name is overwritten here.
    req.headers["x-platform-client-ip"] = clientAddressOf(req, trustProxy);
    handle(req, res);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, resolve);
  });

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\nReceived ${signal}: shutting down…`);
    const forceExit = setTimeout(() => process.exit(1), 10_000);
    forceExit.unref();
    server.closeIdleConnections?.();
    await new Promise((resolve) => server.close(() => resolve()));
    try {
      await globalThis[SHUTDOWN]?.();
      await app.close?.();
      await gateway.close();
    } catch (error) {
      console.error(`Error while closing the database: ${error instanceof Error ? error.message : error}`);
      process.exit(1);
    }
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  return server;
}
