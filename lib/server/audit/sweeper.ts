import "server-only";
import { AUDIT_RETENTION_DAYS_DEFAULT } from "@/lib/schemas/audit-actions";
import { db } from "../db";
import { recordExpiredKeys } from "../data/audit-expiry";
import { logError } from "../log";

// The audit log's periodic work, in the Console's server process (started by instrumentation.ts),
// never per request:
//   - every minute, the "api_key.expired" entries of keys whose expiry has passed (../data/audit-expiry.ts);
//   - every hour, the retention sweep: entries older than AUDIT_LOG_RETENTION_DAYS (default 365)
//     are deleted by the database function audit_log_sweep(), the only DELETE its append-only
//     trigger lets through (see the audit_log migration).
// Several Console instances may run it at once: both steps are idempotent.

export const RETENTION_ENV = "AUDIT_LOG_RETENTION_DAYS";
const EXPIRY_INTERVAL_MS = 60_000;
const RETENTION_INTERVAL_MS = 60 * 60_000;
const RETENTION_DAYS_MAX = 36_500;

/** AUDIT_LOG_RETENTION_DAYS as a whole number of days from 1 to 36500; anything else is refused. */
export function retentionDaysFrom(env: Record<string, string | undefined>): number {
  const raw = env[RETENTION_ENV]?.trim();
  if (!raw) return AUDIT_RETENTION_DAYS_DEFAULT;
  const days = /^[0-9]{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(days >= 1 && days <= RETENTION_DAYS_MAX)) {
    throw new Error(`${RETENTION_ENV} must be a whole number of days from 1 to ${RETENTION_DAYS_MAX} (got ${JSON.stringify(raw.slice(0, 20))}).`);
  }
  return days;
}

/** Deletes the entries older than `days`; answers how many went. */
export async function sweepAuditLog(days: number): Promise<number> {
  const prisma = await db();
  const [row] = await prisma.$queryRaw<{ removed: number }[]>`SELECT audit_log_sweep(${days}::integer) AS removed`;
  return Number(row?.removed ?? 0);
}

const STARTED = Symbol.for("platform-console.audit-sweeper");

/** Starts the timers once per process; they never keep the process alive. */
export function startAuditSweeper(env: Record<string, string | undefined> = process.env): void {
  const store = globalThis as Record<symbol, unknown>;
  if (store[STARTED]) return;
  const days = retentionDaysFrom(env);
  store[STARTED] = true;
  console.log(`[platform-console] Audit log: expiries recorded every minute; entries older than ${days} days removed hourly (${RETENTION_ENV}).`);
  const expiries = () => recordExpiredKeys().catch((error) => logError("audit log: recording expired keys", error));
  const retention = () => sweepAuditLog(days).catch((error) => logError("audit log: retention sweep", error));
  setTimeout(() => {
    void expiries().then(retention);
    setInterval(expiries, EXPIRY_INTERVAL_MS).unref();
    setInterval(retention, RETENTION_INTERVAL_MS).unref();
  }, 5_000).unref();
}
