// The Console's HTTP server: Next.js behind a plain node:http server, so that this process owns
// shutdown, and the key gateway (lib/gateway) in the same process: on GATEWAY_PORT (default 4466),
// and for POST /api/v1/keys/verify on the Console's port, where Next.js never sees the request.
// With the embedded database the gateway opens PGlite first and Next.js's Prisma client shares it,
// and it holds the embedded demo database (storefront-db's), which only this process may open.
// On SIGINT/SIGTERM it drains both servers (every request in flight is answered), then closes the
// databases (PGlite must be closed cleanly, or the next start runs crash recovery), then exits.
// Both servers run with the limits of lib/net/http-server-limits.ts (HTTP_* timeouts, sockets per
// address), and TRACE, TRACK and CONNECT are answered 405 here: no route serves them, and Next.js
// must never see them (it answers TRACE with a 500 and a stack trace in the log).
import { pathToFileURL } from "node:url";
import next from "next";
import { buildGateway } from "./gateway/build.mjs";

const SHUTDOWN = Symbol.for("platform-console.shutdown");

// Methods that nothing here serves and that Next.js must not see. TRACK is not even valid HTTP to
// Node's parser, so it arrives as a client error; CONNECT arrives as its own event.
const REFUSED_METHODS = new Set(["TRACE", "TRACK", "CONNECT"]);
const ALLOW = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

/** The 405 answer, in the API's error shape. */
function methodNotAllowed(method) {
  const body = JSON.stringify({
    error: {
      code: "method-not-allowed",
      message: `The ${method} method is not supported by this server.`,
      hint: `Use one of the methods the path supports (at most ${ALLOW}); see /api/v1/openapi.json.`,
    },
  });
  const headers = {
    Allow: ALLOW,
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Length": String(Buffer.byteLength(body)),
    Connection: "close",
  };
  return { headers, body };
}

/** The same as raw HTTP, for the cases that reach us as a bare socket. */
function rawMethodNotAllowed(method) {
  const { headers, body } = methodNotAllowed(method);
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return ["HTTP/1.1 405 Method Not Allowed", ...lines, "", body].join("\r\n");
}

/** Node's own answers to a client error (what it sends when no 'clientError' listener exists). */
const CLIENT_ERROR_RESPONSES = {
  HPE_HEADER_OVERFLOW: "HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n",
  ERR_HTTP_REQUEST_TIMEOUT: "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n",
};

function onClientError(error, socket) {
  if (socket.writable && socket.bytesWritten === 0) {
    const method = error.code === "HPE_INVALID_METHOD" ? String(error.rawPacket ?? "").split(" ", 1)[0] : "";
    if (REFUSED_METHODS.has(method)) socket.write(rawMethodNotAllowed(method));
    else socket.write(CLIENT_ERROR_RESPONSES[error.code] ?? "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
  }
  socket.destroy();
}

/**
 * Next.js logs every error a page throws, with its stack, once per request. A database outage is
 * logged once instead (lib/server/database-outage.ts; the page's error boundary waits it out), so
 * Next.js's copies of it are counted there rather than printed.
 */
function logDatabaseOutagesOnce(bundle) {
  const print = console.error.bind(console);
  console.error = (...args) => {
    const failure = args.find((arg) => bundle.isDatabaseUnavailable(arg));
    if (failure === undefined) print(...args);
    else bundle.reportDatabaseUnavailable("a page", failure);
  };
}

/**
 * A page whose rendering failed gets Next.js's error page with a 500. While a database outage is
 * under way (lib/server/database-outage.ts; Next.js logged the page's error, through the function
 * above, before it chose the status) it is a 503 with Retry-After instead, as on the API: a load
 * balancer or a monitor then reads "unavailable, retry", not "broken".
 */
function answer503DuringOutages(bundle, handle) {
  return (req, res) => {
    const writeHead = res.writeHead;
    res.writeHead = function (status, ...rest) {
      if (status !== 500 || bundle.databaseOutageSince() === null) return writeHead.call(this, status, ...rest);
      this.setHeader("Retry-After", String(bundle.OUTAGE_RETRY_AFTER_SECONDS));
      return writeHead.call(this, 503, ...rest.filter((arg) => typeof arg !== "string"));
    };
    return handle(req, res);
  };
}

/**
 * The Console's node:http server: the key verification route goes to the gateway, TRACE/TRACK/CONNECT
 * get a 405, everything else goes to `handle` (Next.js) with the client's address in a header.
 */
export function createConsoleServer({ bundle, gateway, handle, limits = bundle.httpServerLimitsFromEnv(), trustProxy = false }) {
  const server = bundle.createLimitedServer(limits, (req, res) => {
    if (REFUSED_METHODS.has(req.method)) {
      req.resume();
      const { headers, body } = methodNotAllowed(req.method);
      res.writeHead(405, headers).end(body);
      return;
    }
    const path = (req.url ?? "/").split("?", 1)[0];
    if (path === bundle.VERIFY_PATH) return gateway.handler.handleVerify(req, res);
    // Rate limits key on this header (lib/server/client-address.ts); whatever a client sent under
    // that name is overwritten here.
    req.headers["x-platform-client-ip"] = bundle.clientAddressOf(req, trustProxy);
    handle(req, res);
  });
  server.on("connect", (req, socket) => socket.end(rawMethodNotAllowed("CONNECT")));
  server.on("clientError", onClientError);
  return server;
}

export async function startServer({ dir, port, hostname, dev = false }) {
  const bundle = await import(pathToFileURL(await buildGateway()).href);
  const graceMs = bundle.shutdownGraceMsFromEnv();
  logDatabaseOutagesOnce(bundle);
  const gateway = await bundle.startConsoleGateway();
  if (gateway.port !== null) console.log(`Key gateway on http://localhost:${gateway.port} (GATEWAY_PORT): verifies keys and runs Prisma Client queries`);
  const app = next({ dev, dir, hostname, port });
  await app.prepare();
  const handle = answer503DuringOutages(bundle, app.getRequestHandler());
  const trustProxy = process.env.PLATFORM_TRUST_PROXY === "1";
  const server = createConsoleServer({ bundle, gateway, handle, trustProxy });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, resolve);
  });
  // With PORT=0 the system picks the port: say which (tests start the Console this way).
  if (port === 0) console.log(`Console listening on http://localhost:${server.address().port}`);

  // SIGINT/SIGTERM: drain both servers (lib/net/graceful-shutdown.ts) for up to SHUTDOWN_GRACE_MS,
  // a second signal cuts that short; then Next.js's Prisma client, Next.js, and the gateway (which
  // writes the last uses and closes the database, PGlite last) are closed; exit 0.
  const log = (message) => console.log(message);
  bundle.exitOnShutdownSignals(
    async (signal, cut) => {
      log(`\nReceived ${signal}: draining (up to ${graceMs / 1000} s; ${signal} again to stop at once)…`);
      const servers = [server, gateway.server].filter(Boolean);
      const reports = await Promise.all(servers.map((each) => bundle.drainServer(each, graceMs, cut)));
      const total = reports.reduce((sum, report) => ({
        answered: sum.answered + report.answered,
        idleClosed: sum.idleClosed + report.idleClosed,
        cut: sum.cut + report.cut,
      }));
      log(`Drained: ${bundle.describeDrain(total)}.`);
      server.close();
      try {
        await globalThis[SHUTDOWN]?.();
        await app.close?.();
        await gateway.close();
      } catch (error) {
        throw new Error(`Error while closing the database: ${error instanceof Error ? error.message : error}`);
      }
      log("Stopped cleanly: the database is closed.");
    },
    graceMs + 10_000,
    log,
  );
  return server;
}
