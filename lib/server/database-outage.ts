// A database outage, as the Console answers it (issue 13): every surface says "unavailable" (the
// REST API 503 `service-unavailable` with Retry-After, server actions SERVICE_UNAVAILABLE_MESSAGE,
// pages a calm "retrying" page), nothing is counted against the caller, and the log gets ONE line
// when the outage is first seen and one when the database is back, however many requests failed in
// between. Recovery needs no restart: the pools reconnect on the next request; the probe here only
// notices when, for the "back" line.
//
// Framework-free (no "server-only"): Next.js's bundles use it through lib/server/log.ts, and the
// custom server (scripts/server.mjs, through the gateway bundle) for the errors Next.js logs itself.
// The state lives on globalThis, so both copies of this module share one outage.

/** What a user sees wherever the database's failure stopped an action (sign-in included). */
export const SERVICE_UNAVAILABLE_MESSAGE = "The service is unavailable right now. Try again in a moment.";

/** The REST API's Retry-After, in seconds, during an outage. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/** While down, how often the probe asks the database whether it is back. */
const PROBE_INTERVAL_MS = 500;

// Prisma's codes for "could not reach / lost the server" (P1xxx), a pool that gave no connection in
// time (P2024), too many connections (P2037); the driver adapter's kinds behind them
// (@prisma/client-engine-runtime, getErrorCode); PostgreSQL's SQLSTATEs for a server that is
// shutting down, starting up or refusing connections (class 08: connection exceptions); and the
// pg messages that reach us unwrapped (measured: "Connection terminated unexpectedly" after
// pg_ctl stop -m immediate). A bare socket error (ECONNREFUSED…) is NOT taken for the database's:
// the pg adapter wraps those as DatabaseNotReachable, and a bare one is someone else's (Next.js's
// own fetch, a mail server).
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "SocketTimeout", "ConnectionClosed", "TooManyConnections"]);
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
const PG_MESSAGES =
  /^(Connection terminated( unexpectedly| due to connection timeout)?|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable)$/;

type Inspectable = { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };

/** The error and what it wraps (cause, Prisma's driverAdapterError and its cause), a few levels deep. */
function chain(error: unknown): Inspectable[] {
  const found: Inspectable[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && found.length < 8) {
    const next = queue.shift();
    if (typeof next !== "object" || next === null) continue;
    const item = next as Inspectable;
    found.push(item);
    queue.push(item.cause, item.meta?.driverAdapterError);
  }
  return found;
}

/** The first code that says the database is unreachable, or null (also a log-safe description). */
function unavailabilityCode(error: unknown): string | null {
  for (const item of chain(error)) {
    const { code, kind, message } = item;
    if (typeof code === "string" && PRISMA_CODES.has(code)) return code;
    if (typeof kind === "string" && ADAPTER_KINDS.has(kind)) return kind;
    // PostgreSQL's own error, as the adapter reports it (kind "postgres") or as pg throws it.
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && (SQLSTATES.has(code) || code.startsWith("08"))) return code;
    if (typeof message === "string" && PG_MESSAGES.test(message)) return "connection lost";
  }
  return null;
}

/** Whether `error` means the database could not be reached (rather than a bug or a refused input). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return unavailabilityCode(error) !== null;
}

type OutageState = {
  since: number | null;
  failures: number;
  probe: (() => Promise<unknown>) | null;
  timer: NodeJS.Timeout | null;
};

const STATE = Symbol.for("platform-console.database-outage");

function state(): OutageState {
  const store = globalThis as typeof globalThis & { [STATE]?: OutageState };
  store[STATE] ??= { since: null, failures: 0, probe: null, timer: null };
  return store[STATE];
}

/** How the probe asks the database (lib/server/db.ts registers `SELECT 1` when it opens). */
export function registerDatabaseProbe(probe: () => Promise<unknown>): void {
  state().probe = probe;
}

/** Whether an outage is under way (seen and not yet over). */
export function databaseOutageSince(): number | null {
  return state().since;
}

/**
 * Records a failure that isDatabaseUnavailable said is the database's. The first of an outage
 * logs one line and starts the probe; the rest are only counted.
 */
export function reportDatabaseUnavailable(where: string, error: unknown): void {
  const outage = state();
  outage.failures++;
  if (outage.since !== null) return;
  outage.since = Date.now();
  outage.failures = 1;
  // A code and where it was first seen: a driver's message may quote a query's parameters.
  console.error(
    `[platform-console] The database is unavailable (${unavailabilityCode(error) ?? "unreachable"}, first seen in ${where}): answering "service unavailable" until it is back.`,
  );
  scheduleProbe(outage);
}

function scheduleProbe(outage: OutageState): void {
  if (outage.timer) return;
  outage.timer = setTimeout(async () => {
    outage.timer = null;
    if (outage.since === null) return;
    try {
      if (!outage.probe) throw new Error("no probe");
      await outage.probe();
    } catch {
      scheduleProbe(outage);
      return;
    }
    const seconds = ((Date.now() - outage.since) / 1000).toFixed(1);
    console.error(
      `[platform-console] The database is back after ${seconds} s (${outage.failures} request${outage.failures === 1 ? "" : "s"} answered "unavailable" meanwhile).`,
    );
    outage.since = null;
    outage.failures = 0;
  }, PROBE_INTERVAL_MS);
  outage.timer.unref();
}
