// A token bucket per key, in this process's memory: `capacity` attempts at once, refilled at
// `refillPerSecond`. Used to slow down password guessing. Buckets that are full again are dropped,
// and the map is bounded, so a flood of distinct keys cannot exhaust memory.

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

type Bucket = { tokens: number; updatedAt: number };

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  private current(key: string): Bucket {
    const now = this.now();
    const bucket = this.buckets.get(key);
    if (!bucket) return { tokens: this.capacity, updatedAt: now };
    const refilled = Math.min(this.capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.refillPerSecond);
    return { tokens: refilled, updatedAt: now };
  }

  /** Whether an attempt may go ahead now; does not use a token. */
  check(key: string): RateLimitDecision {
    const bucket = this.current(key);
    if (bucket.tokens >= 1) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.ceil((1 - bucket.tokens) / this.refillPerSecond) };
  }

  /** Uses one token (a failed attempt). */
  consume(key: string): void {
    const bucket = this.current(key);
    bucket.tokens = Math.max(0, bucket.tokens - 1);
    if (!this.buckets.has(key) && this.buckets.size >= this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    this.buckets.set(key, bucket);
  }

  /**
   * Checks and, when allowed, uses a token in one step, so that many concurrent attempts cannot
   * all pass the check before any of them is counted. Give it back with `refund` if it went fine.
   */
  take(key: string): RateLimitDecision {
    const decision = this.check(key);
    if (decision.allowed) this.consume(key);
    return decision;
  }

  /** Returns a token taken by `take`; a bucket that is full again is forgotten. */
  refund(key: string): void {
    if (!this.buckets.has(key)) return;
    const bucket = this.current(key);
    bucket.tokens = Math.min(this.capacity, bucket.tokens + 1);
    if (bucket.tokens >= this.capacity) this.buckets.delete(key);
    else this.buckets.set(key, bucket);
  }

  /** Forgets a key (a successful sign-in). */
  reset(key: string): void {
    this.buckets.delete(key);
  }
}
