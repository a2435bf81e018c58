// lib/gateway/insights — usage and query insights, recorded by the gateway (issue 10, phase B).
//
// Owns: counting every answered Accelerate request of a verified key per (minute, resource, key) —
// requests, errors by code, cache hits and misses, a latency histogram (./histogram.ts) — and every
// query the database ran per (hour, resource, shape, key) — count, total time, rows, a histogram;
// the bounded in-memory aggregation (./recorder.ts), the batched flush that adds to the rows
// (./store.ts: one statement per table per flush, never a write per request; several processes add
// up), and the retention sweep. The Console reads the tables (lib/server/data/usage.ts).
//
// Must never: store or log a parameter value, a key, a connection string or anything of a result
// (a shape is the plan's SQL with every value as `?`, ./shape.ts); do I/O, start a timer or await
// on the request path; throw into the engine (recording is best effort: a failed flush keeps its
// batch for the next one, a bounded number of times, and logs only counts).
//
// Interface (wired in ../gateway.ts; the engine calls `request`/`query` when it answers):
//
//   const usage = usageRecorderFromEnv(database, log);   // null when GATEWAY_USAGE=off
//   usage.request(resourceId, keyId, ms, code | null, "hit" | "miss" | null);
//   usage.query(resourceId, keyId, shapeOf(body), ms, rows);
//   usage.start();  await usage.flush();  await usage.stop();
import type { Queryable } from "../store";
import { DEFAULT_USAGE_BOUNDS, UsageAggregator, type CacheOutcome, type UsageBatch, type UsageBounds } from "./recorder";
import type { Shape } from "./shape";
import { sweepUsage, writeMinutes, writeShapes } from "./store";

export { shapeOf, type Shape } from "./shape";
export { quantile, mergeInto, BUCKETS } from "./histogram";
export type { CacheOutcome } from "./recorder";

export type UsageOptions = {
  flushIntervalMs: number;
  retentionDays: number;
  bounds: UsageBounds;
};

const MAX_PENDING_BATCHES = 12;

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number.`);
  return value;
}

/**
 * GATEWAY_USAGE ("off" records nothing), GATEWAY_USAGE_RETENTION_DAYS (14),
 * GATEWAY_USAGE_FLUSH_MS (5000), GATEWAY_USAGE_MAX_SHAPES (100 per resource and hour).
 */
export function usageOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): UsageOptions | null {
  const mode = env.GATEWAY_USAGE?.trim().toLowerCase();
  if (mode === "off" || mode === "0" || mode === "false") return null;
  return {
    flushIntervalMs: positive(env, "GATEWAY_USAGE_FLUSH_MS", 5_000),
    retentionDays: positive(env, "GATEWAY_USAGE_RETENTION_DAYS", 14),
    bounds: { ...DEFAULT_USAGE_BOUNDS, maxShapes: Math.floor(positive(env, "GATEWAY_USAGE_MAX_SHAPES", DEFAULT_USAGE_BOUNDS.maxShapes)) },
  };
}

export class UsageRecorder {
  private readonly aggregator: UsageAggregator;
  /** Batches a flush could not write, oldest first; written before the next one. */
  private pending: UsageBatch[] = [];
  private timer: NodeJS.Timeout | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly database: Queryable,
    private readonly options: UsageOptions,
    private readonly log: (message: string) => void = () => {},
  ) {
    this.aggregator = new UsageAggregator(options.bounds);
  }

  /** An answered request of a verified key (O(1), no I/O). */
  request(resourceId: string, keyId: string, durationMs: number, code: string | null, cache: CacheOutcome): void {
    this.aggregator.request(resourceId, keyId, durationMs, code, cache);
  }

  /** A query the database ran (not a cache hit). */
  query(resourceId: string, keyId: string, shape: Shape, durationMs: number, rows: number): void {
    this.aggregator.query(resourceId, keyId, shape, durationMs, rows);
  }

  stats(): { pendingCells: number; pendingBatches: number; dropped: number } {
    return { pendingCells: this.aggregator.pendingCells, pendingBatches: this.pending.length, dropped: this.aggregator.dropped };
  }

  /** Writes everything recorded so far (concurrent calls share one write). */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async write(): Promise<void> {
    const batch = this.aggregator.drain();
    if (batch.minutes.length > 0 || batch.shapes.length > 0) this.pending.push(batch);
    while (this.pending.length > 0) {
      const next = this.pending[0]!;
      // Minutes first: once they are in, a retry writes only the shapes (no double count).
      if (next.minutes.length > 0) {
        await writeMinutes(this.database, next.minutes);
        next.minutes = [];
      }
      await writeShapes(this.database, next.shapes, Date.now());
      this.pending.shift();
    }
  }

  start(): void {
    this.timer ??= setInterval(() => {
      this.flush().catch((error: unknown) => {
        if (this.pending.length > MAX_PENDING_BATCHES) {
          const lost = this.pending.splice(0, this.pending.length - MAX_PENDING_BATCHES);
          this.log(`usage: dropped ${lost.length} unwritten batch(es) (the database is unavailable).`);
        }
        this.log(`usage: could not write usage (${error instanceof Error ? error.name : typeof error}); will retry.`);
      });
    }, this.options.flushIntervalMs);
    this.timer.unref();
    const sweep = () => void sweepUsage(this.database, this.options.retentionDays).catch(() => this.log("usage: the retention sweep failed; will retry."));
    this.sweeper ??= setInterval(sweep, 3_600_000);
    this.sweeper.unref();
    setTimeout(sweep, 30_000).unref();
  }

  /** Stops the timers and writes what is pending (on shutdown). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.sweeper) clearInterval(this.sweeper);
    this.timer = this.sweeper = null;
    await this.flush();
  }

  /** Runs the retention sweep now (tests, operators). */
  sweep(): Promise<void> {
    return sweepUsage(this.database, this.options.retentionDays);
  }
}

export function usageRecorderFromEnv(database: Queryable, log?: (message: string) => void, env: NodeJS.ProcessEnv = process.env): UsageRecorder | null {
  const options = usageOptionsFromEnv(env);
  return options ? new UsageRecorder(database, options, log) : null;
}
