// Rows that have outlived their purpose — sessions past their expiry, one-time links long used or
// expired, answers kept for Idempotency-Key retries after their 24 hours, mail counted for quotas
// after the quota's window — are deleted by one periodic sweep in the gateway process (the Console's
// own process runs one, and so does every `npm run gateway`), not by the requests that happen to
// come by. Several processes sweeping one database is harmless: the deletes are idempotent and
// bounded, so a sweep never holds long locks on a busy table.
import type { Queryable } from "./store";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** Rows deleted per table and per sweep at most; what is left goes at the next sweep. */
export const SWEEP_BATCH = 5_000;

type Sweep = {
  table: string;
  /** A condition on the table's rows, with $1 the cutoff; the `createdAt`/`expiresAt` columns are indexed or small. */
  where: string;
  /** How long before the sweep's instant a row must have reached its column's time. */
  keepFor: number;
};

// One-time links are kept a week past their expiry so that following an old one still says
// "this link expired" rather than "this link is not valid"; Idempotency-Key answers for exactly
// their 24 hours (lib/server/api/idempotency.ts treats an older row as absent); SentMail for two
// days (the invitation quota looks back one day, lib/server/data/mail-quota.ts).
export const SWEEPS: readonly Sweep[] = [
  { table: "Session", where: `"expiresAt" < $1`, keepFor: 0 },
  { table: "IdempotentRequest", where: `"createdAt" < $1`, keepFor: DAY },
  { table: "SentMail", where: `"createdAt" < $1`, keepFor: 2 * DAY },
  { table: "EmailVerification", where: `"expiresAt" < $1`, keepFor: 7 * DAY },
  { table: "PasswordReset", where: `"expiresAt" < $1`, keepFor: 7 * DAY },
  { table: "CliAuthorization", where: `"expiresAt" < $1`, keepFor: DAY },
];

export type SweepCounts = Record<string, number>;

/** One sweep over every table; returns how many rows each lost. */
export async function sweepExpiredRows(database: Queryable, now: number = Date.now()): Promise<SweepCounts> {
  const counts: SweepCounts = {};
  for (const sweep of SWEEPS) {
    const cutoff = new Date(now - sweep.keepFor);
    const { rows } = await database.query<{ deleted: number }>(
      `WITH gone AS (DELETE FROM "${sweep.table}" WHERE id IN (SELECT id FROM "${sweep.table}" WHERE ${sweep.where} LIMIT ${SWEEP_BATCH}) RETURNING 1)
       SELECT count(*)::int AS deleted FROM gone`,
      [cutoff],
    );
    counts[sweep.table] = Number(rows[0]?.deleted ?? 0);
  }
  return counts;
}

/** Runs `sweepExpiredRows` every `intervalMs` (first run after a random part of it, so processes started together spread out). */
export class Housekeeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly database: Queryable,
    private readonly log: (message: string) => void,
    private readonly intervalMs = 10 * 60 * 1000,
  ) {}

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.running ??= sweepExpiredRows(this.database)
        .catch(() => this.log("housekeeping: could not delete expired rows (database unavailable); retrying at the next sweep."))
        .finally(() => {
          this.running = null;
        });
    };
    this.timer = setTimeout(() => {
      tick();
      this.timer = setInterval(tick, this.intervalMs);
      this.timer.unref();
    }, Math.floor(Math.random() * this.intervalMs));
    this.timer.unref();
  }

  /** Stops the timer and waits for a sweep under way (on shutdown, before the database closes). */
  async stop(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      clearInterval(this.timer);
    }
    this.timer = null;
    await this.running;
  }
}
