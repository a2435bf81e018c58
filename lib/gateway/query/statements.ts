// Which database connections a request is using right now, so that a timeout can cancel the
// statement on the database instead of abandoning it (Prisma's executor races a timer and lets the
// SQL run on). A request runs inside a RequestScope (AsyncLocalStorage); every pg client of our
// pools is instrumented once, so a statement started inside a scope is known to that scope while it
// runs. Cancelling a scope sends PostgreSQL's CancelRequest for each of those connections (what
// psql does on Ctrl-C: a separate socket, the backend's process id and secret key, no
// credentials), and refuses any statement the scope would start afterwards, e.g. one still waiting
// for a free connection when the deadline passed.
import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import net from "node:net";
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

const scopes = new AsyncLocalStorage<RequestScope>();

export function runInScope<T>(scope: RequestScope, work: () => Promise<T>): Promise<T> {
  return scopes.run(scope, work);
}

export function currentScope(): RequestScope | undefined {
  return scopes.getStore();
}

/**
 * pg-pool hands a freed connection to the next waiting callback synchronously, i.e. inside the
 * releasing request's async context; binding the callback keeps the waiting request's own.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function bindToCurrentScope<F extends (...args: any[]) => unknown>(callback: F): F {
  return AsyncResource.bind(callback) as unknown as F;
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
    const scope = scopes.getStore();
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
