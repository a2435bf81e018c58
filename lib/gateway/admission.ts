// The failed-verification budget of a client address (PLATFORM_TRUST_PROXY aside, its socket's
// peer; IPv6 per /64, lib/net/address-key.ts). The rule: a key that verifies is never refused.
// Validity is checked first, cheapest first (format and checksum, the caches, one indexed lookup),
// and only a FAILURE from an address whose bucket is empty is answered 429 instead of 401.
//
// What a failure from an empty bucket still costs: nothing for a malformed key or a bad body, no
// query for an unknown digest already in the negative cache, and one indexed lookup for each new
// unknown digest. Those lookups are queued one at a time per address, so an address that has spent
// its budget holds at most one database connection however many requests it sends (while its
// bucket has tokens, each lookup in flight holds one, as before). Other addresses are not slowed.
import { rateLimitAddressKey } from "@/lib/net/address-key";
import type { RateLimitDecision, TokenBucketLimiter } from "@/lib/server/rate-limit";
import { VerificationUnavailableError, type KeyVerifier, type VerifyResult } from "./verifier";

export type Outcome = { result: VerifyResult } | { unavailable: true } | { limited: RateLimitDecision & { allowed: false } };

/** One FIFO queue per key: `enter` resolves, with a release function, when it is this caller's turn. */
export class SerialQueues {
  private readonly tails = new Map<string, Promise<void>>();

  enter(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return previous.then(() => release);
  }

  get size(): number {
    return this.tails.size;
  }
}

export class FailureBudget {
  private readonly queues = new SerialQueues();

  constructor(private readonly limiter: TokenBucketLimiter) {}

  /** The limiter's key for a client address. */
  static keyOf(address: string): string {
    return rateLimitAddressKey(address);
  }

  /** A failure that cost no lookup (a bad body, no key): 429 when the bucket is empty. */
  fail(address: string): RateLimitDecision {
    return this.limiter.take(FailureBudget.keyOf(address));
  }

  /** Verifies; a failure takes one token of the bucket, a valid key never does (and is never refused). */
  async verify(verifier: KeyVerifier, address: string, key: unknown, resourceId?: string): Promise<Outcome> {
    const bucket = FailureBudget.keyOf(address);
    // A token is taken the moment this request starts a lookup, never across an await, so that
    // concurrent bad keys cannot all start lookups on the same tokens; a valid key gives it back.
    let token = false;
    const beforeLookup = () => {
      token = this.limiter.take(bucket).allowed;
      return token ? undefined : this.queues.enter(bucket);
    };
    let result: VerifyResult;
    try {
      result = await verifier.verify(key, resourceId, beforeLookup);
    } catch (error) {
      if (token) this.limiter.refund(bucket); // the database's failure, not the client's
      if (error instanceof VerificationUnavailableError) return { unavailable: true };
      throw error;
    }
    if (result.valid) {
      if (token) this.limiter.refund(bucket);
      return { result };
    }
    if (token) return { result };
    const decision = this.limiter.take(bucket);
    return decision.allowed ? { result } : { limited: decision };
  }
}
