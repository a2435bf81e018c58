// The Console's HTTP server: Next.js behind a plain node:http server, so that this process owns
// shutdown. On SIGINT/SIGTERM it stops accepting connections, then closes the database (PGlite
// must be closed cleanly, or the next start runs crash recovery), then exits.
import http from "node:http";
import next from "next";

const SHUTDOWN = Symbol.for("platform-console.shutdown");

export async function startServer({ dir, port, hostname, dev = false }) {
  const app = next({ dev, dir, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const trustProxy = process.env.PLATFORM_TRUST_PROXY === "1";
  const server = http.createServer((req, res) => {
    // Rate limits key on this header (lib/server/client-address.ts); whatever a client sent under
    // that name is overwritten here.
    const forwarded = trustProxy ? String(req.headers["x-forwarded-for"] ?? "").split(",")[0]?.trim() : "";
    req.headers["x-platform-client-ip"] = forwarded || req.socket.remoteAddress || "unknown";
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
