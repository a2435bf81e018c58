// Which database connections a request is using right now, so that a timeout can cancel the
// statement on the database instead of abandoning it (Prisma's executor races a timer and lets the
// SQL run on). Cancelling a RequestScope sends PostgreSQL's CancelRequest for each connection
// running one of its statements (what psql does on Ctrl-C: a separate socket, the backend's process
// id and secret key, no credentials), and refuses any statement the scope would start afterwards,
// e.g. one still waiting for a free connection when the deadline passed.
//
// How a statement finds its scope, without AsyncLocalStorage: the interpreter runs every statement
// of a request through the queryable it was given, and the executor gives it `scopedQueryable(…)`
// (and, for the plan's own internal transactions, `scopedTransactionManager(…)`). Those set the
// scope as "active" for the synchronous part of the call: @prisma/adapter-pg goes from `queryRaw`
// to `client.query` (a transaction's connection) or to `pool.query` → `pool.connect(callback)`
// (./pg-pool.ts, which binds that callback to the active scope, so a statement that waited for a
// connection still knows its request) without an `await` in between. Every pg client of our pools
// is instrumented once (`instrumentClient`) and records its statement in the active scope.
// Why not AsyncLocalStorage: on Node 20 it installs promise hooks for every promise of the process,
// and the interpreter creates many per request. With it the gateway spent a third more CPU per
// request (Prisma Client's own requests replayed by autocannon at 32 connections, old and new
// gateway side by side on one database: 0.170 vs 0.126 ms per findMany(20), 0.142 vs 0.111 ms per
// findUnique), and served 3,489 vs 6,103 findMany(20) per second.
// tests/accelerate/limits.test.ts proves each path: a plain query, an interactive transaction, a
// plan's internal transaction, and a request that timed out while waiting for a connection.
import net from "node:net";
import type { SqlQuery, SqlQueryable, SqlResultSet } from "@prisma/driver-adapter-utils";
import type { TransactionManager } from "@prisma/client-engine-runtime";
import type pg from "pg";

export type CancelReason = "timeout" | "expired" | "revoked" | "keyExpired" | "closed";

export class RequestScope {
  cancelled: CancelReason | null = null;
  /** Connections running a statement of this scope, with how many statements each. */
  readonly running = new Map<pg.Client, number>();

  /** `onCancel` lets the request answer at once, whether or not the database has stopped yet. */
  constructor(private readonly onCancel?: (reason: CancelReason) => void) {}

  /** Cancels what runs now and refuses what comes; returns how many statements were cancelled. */
  cancel(reason: CancelReason): number {
    if (this.cancelled) return 0;
    this.cancelled = reason;
    for (const client of this.running.keys()) sendCancelRequest(client);
    this.onCancel?.(reason);
    return this.running.size;
  }
}

/** A statement refused because its request was cancelled (timeout, expired transaction, revoked key). */
export class StatementRefusedError extends Error {
  constructor(readonly reason: CancelReason) {
    super(`The request was cancelled (${reason}) before this statement started.`);
    this.name = "StatementRefusedError";
  }
}

/** The scope whose code is running synchronously right now (see the opening comment). */
let activeScope: RequestScope | undefined;

function withActiveScope<T>(scope: RequestScope, work: () => T): T {
  const previous = activeScope;
  activeScope = scope;
  try {
    return work();
  } finally {
    activeScope = previous;
  }
}

/**
 * pg-pool calls a waiting request's callback whenever a connection frees up, inside whatever code
 * released it; binding the callback makes the statement it starts that waiting request's.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function bindToActiveScope<F extends (...args: any[]) => unknown>(callback: F): F {
  const scope = activeScope;
  if (!scope) return callback;
  return ((...args: Parameters<F>) => withActiveScope(scope, () => callback(...args))) as F;
}

function refused(scope: RequestScope): Promise<never> {
  return Promise.reject(new StatementRefusedError(scope.cancelled!));
}

/** A queryable whose statements belong to `scope`: tracked while they run, refused once it is cancelled. */
export function scopedQueryable(inner: SqlQueryable, scope: RequestScope): SqlQueryable {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query: SqlQuery): Promise<SqlResultSet> => (scope.cancelled ? refused(scope) : withActiveScope(scope, () => inner.queryRaw(query))),
    executeRaw: (query: SqlQuery): Promise<number> => (scope.cancelled ? refused(scope) : withActiveScope(scope, () => inner.executeRaw(query))),
  };
}

/**
 * The manager as the interpreter sees it for one request: a plan that needs a transaction of its own
 * (a nested write, say) gets its queryable from `getTransaction`, which is scoped here like the rest.
 */
export function scopedTransactionManager(manager: TransactionManager, scope: RequestScope): TransactionManager {
  return new Proxy(manager, {
    get(target, property) {
      if (property === "getTransaction") {
        return async (...args: Parameters<TransactionManager["getTransaction"]>) => scopedQueryable(await target.getTransaction(...args), scope);
      }
      const value = Reflect.get(target, property, target) as unknown;
      // The manager's methods use private fields: they must run on the manager itself.
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const INSTRUMENTED = Symbol("platform-gateway.instrumented");

type Queryish = pg.Client & { [INSTRUMENTED]?: true };

/** Wraps `client.query` once, so statements started inside a scope are tracked by it. */
export function instrumentClient(client: pg.Client): void {
  const target = client as Queryish;
  if (target[INSTRUMENTED]) return;
  target[INSTRUMENTED] = true;
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const scope = activeScope;
    if (!scope) return original(...args);
    const callbackIndex = args.findIndex((arg) => typeof arg === "function");
    if (scope.cancelled) {
      const error = new StatementRefusedError(scope.cancelled);
      if (callbackIndex === -1) return Promise.reject(error);
      process.nextTick(args[callbackIndex] as (error: Error) => void, error);
      return undefined;
    }
    scope.running.set(client, (scope.running.get(client) ?? 0) + 1);
    const done = () => {
      const left = (scope.running.get(client) ?? 1) - 1;
      if (left <= 0) scope.running.delete(client);
      else scope.running.set(client, left);
    };
    if (callbackIndex !== -1) {
      const callback = args[callbackIndex] as (...results: unknown[]) => void;
      args[callbackIndex] = (...results: unknown[]) => {
        done();
        callback(...results);
      };
      return original(...args);
    }
    const result = original(...args) as Promise<unknown>;
    result.then(done, done);
    return result;
  };
}

type BackendIdentity = { processID: number | null; secretKey: number | null; host: string; port: number };

/**
 * PostgreSQL's CancelRequest (protocol 3.0, "Canceling Requests in Progress"): 16 bytes on a new
 * connection to the same server. The server checks the key and cancels whatever that backend runs;
 * it never answers, so the socket is closed once the bytes are out. Best effort by design.
 */
export function sendCancelRequest(client: pg.Client): void {
  const { processID, secretKey, host, port } = client as unknown as BackendIdentity;
  if (processID === null || secretKey === null) return;
  const message = Buffer.alloc(16);
  message.writeInt32BE(16, 0);
  message.writeInt32BE(80877102, 4); // the cancel request code: 1234 << 16 | 5678
  message.writeInt32BE(processID, 8);
  message.writeInt32BE(secretKey, 12);
  const socket = host.startsWith("/") ? net.connect(`${host}/.s.PGSQL.${port}`) : net.connect(port, host);
  socket.setTimeout(5_000, () => socket.destroy());
  socket.on("error", () => socket.destroy());
  socket.on("connect", () => socket.end(message));
}
