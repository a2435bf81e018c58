// "Last used" without a write per request: a verification only marks the key in memory, and a
// timer writes the marked keys in one statement every few seconds. A key is marked at most once
// a minute (its in-memory lastUsedAt moves forward when marked), and the UPDATE's own condition
// keeps it at one write per minute across processes. What the Console's list shows is this column.
import { touchLastUsed, type KeyRecord, type Queryable } from "./store";

export const LAST_USED_RESOLUTION_MS = 60_000;
const MAX_PENDING = 100_000;

export class LastUseRecorder {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly database: Queryable,
    private readonly now: () => number = Date.now,
  ) {}

  /** Called on every successful verification; O(1), no I/O. */
  record(record: KeyRecord): void {
    const now = this.now();
    if (record.lastUsedAt !== null && now - record.lastUsedAt < LAST_USED_RESOLUTION_MS) return;
    record.lastUsedAt = now;
    if (this.pending.size < MAX_PENDING) this.pending.add(record.keyId);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Writes what is pending. On a database error the keys stay pending for the next flush. */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const keyIds = [...this.pending];
    this.pending = new Set();
    try {
      await touchLastUsed(this.database, keyIds, new Date(this.now()));
    } catch (error) {
      for (const keyId of keyIds) if (this.pending.size < MAX_PENDING) this.pending.add(keyId);
      throw error;
    }
  }

  start(intervalMs = 5_000): void {
    this.timer ??= setInterval(() => {
      this.flush().catch(() => {
        // The database is unavailable: the keys stay pending; verification answers 503 meanwhile.
      });
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and writes what is pending (on shutdown). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}
