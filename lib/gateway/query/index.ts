// lib/gateway/query — the self-hosted Accelerate's query side: runs the query plans a Prisma Client 7
// (`accelerateUrl`) sends, on the database of the verified key's resource.
//
// Owns: the Accelerate paths after key verification (GET /connection-info, POST /query,
// /transaction/start, /transaction/{id}/query|commit|rollback), one executor (driver adapter, pg pool,
// Prisma's TransactionManager and QueryInterpreter) per resource, the transaction registry (ids bound
// to key and resource), the limits (query and transaction timeouts with cancellation on the
// database, response and body size, pools), which client versions are served (P6006), the host
// allowlist, and the mapping of every failure to Accelerate's codes.
// The query cache (`cacheStrategy`, POST /invalidate) is ./cache, reached from the engine's /query
// path only: see ./cache/index.ts. Usage (../insights) is told of every answered request and every
// query the database ran (`usage` option; absent with GATEWAY_USAGE=off). Transaction start/end and
// key-expiry timers are ./transaction-lifecycle.ts, the per-request deadline ./deadline.ts.
//
// Must never: verify or even parse a key (the router did, and passes the result: `key`), let
// anything in a request choose the database (only `resolveConnection(key.resourceId)` does), trust
// the client's limit headers, put a key, a connection string, a password or a parameter value in a
// log line or an error message, or import server-only modules (Next.js, lib/server).
//
// Interface — the router (lib/gateway/http.ts) calls, for a request it verified:
//
//   const engine = createQueryEngine({ resolveConnection, instanceId?, limits?, allowlist?, log?, cache?, usage? });
//   engine.handle(req, res, { path, key: { keyId, resourceId, projectId } });   // answers; never throws
//   engine.rollbackTransactionForRefusedKey(path, bearer);  // the key failed verification on /transaction/{id}/…
//   engine.rollbackTransactionsOfKey(keyId);   engine.forgetResource(resourceId);
//   engine.applyKeyEvent(event);               // a KeyEventSink: revoked key/resource/project
//   engine.stats();  engine.close();
//
// `handle` reads the body itself (bounded) from the node:http request and writes the answer to the
// response: { data } or { code, message, meta } with the Prisma-Error-Code header.
//
// Why Prisma's interpreter directly, not @prisma/query-plan-executor: QPE's App (src/logic/app.ts)
// is a thin layer over exactly @prisma/client-engine-runtime's QueryInterpreter and
// TransactionManager; around them QPE puts a Hono app behind fetch Request/Response, one database
// URL per Server, trusted limit headers, a Promise.race timeout that leaves the SQL running, no
// response-size check, and PGlite only through a socket. Using the two classes over our own
// adapters gives one pool per resource under our control, real cancellation, our limits, PGlite in
// process, and no Request/Response conversion on the hot path. Measured on this 2-core machine
// (shared, load average ~12 during the run) against PostgreSQL 15 by scripts/bench/query-engine-spike.mjs
// (each server in its own process, Prisma Client 7.10 in a third, 1,500 sequential queries and 4 s
// at 32 concurrent clients):
//
//                          findUnique p50 / req/s at 32    findMany (20 rows) p50 / req/s at 32
//   direct (adapter-pg)    0.64 ms / 4,528                 0.85 ms / 1,158
//   this engine            1.74 ms / 7,072                 1.83 ms / 410
//   QPE + fetch wrapper    4.22 ms / 2,856                 3.04 ms / 148
//
// (At 32 the client batches concurrent findUniques into one request either way; through a gateway
// the database work runs in a second process, on the other core, which is why it can pass direct.)
// CPU profiles of the two servers over the whole run: this engine's process was idle 87 %
// of the time, QPE's 73 % while serving fewer requests; QPE's extra work is the Request/Response
// conversion (streams, AbortSignals, DOMExceptions, undici's body parsing). What remains of the
// added latency is mostly the client's own HTTP and JSON work, the same for both.
// The real gateway process (`npm run gateway`, key verification included) is measured by
// `npm run bench`'s query rows (scripts/bench/query-bench.mjs), which also show the ceiling Prisma
// Client's own HTTP work leaves (an instant stub) and the gateway's capacity alone (a replay).
import { QueryEngine, type QueryEngineOptions } from "./engine";

export { QueryEngine, INSTANCE_COOKIE, type AccelerateRequest, type QueryEngineOptions, type VerifiedKey } from "./engine";
export { ConnectionLookupError, type ConnectionResolver, type ConnectionTarget } from "./connections";
export { DEFAULT_QUERY_LIMITS, LIMIT_ENV, queryLimitsFromEnv, type QueryLimits } from "./limits";
export { HOST_ALLOWLIST_ENV, checkHost, hostAllowlistFromEnv, parseHostAllowlist, type HostAllowlist } from "./host-allowlist";
export { IGNORED_LIMIT_HEADERS, isAcceleratePath, PATHS as ACCELERATE_PATHS } from "./accelerate-protocol";
export { SUPPORTED_RANGE_TEXT, isSupportedClientVersion } from "./versions";
export { createStoredConnectionResolver, type StoredConnectionResolver } from "./stored-connections";

export function createQueryEngine(options: QueryEngineOptions): QueryEngine {
  return new QueryEngine(options);
}
