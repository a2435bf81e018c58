import { describe, expect, it } from "vitest";
import { TokenBucketLimiter } from "./rate-limit";

describe("TokenBucketLimiter", () => {
  it("allows `capacity` failures, then refuses with the time until the next token", () => {
    let now = 0;
    const limiter = new TokenBucketLimiter(3, 1 / 60, 100, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.check("a")).toEqual({ allowed: true });
      limiter.consume("a");
    }
    expect(limiter.check("a")).toEqual({ allowed: false, retryAfterSeconds: 60 });
    now += 30_000;
    expect(limiter.check("a")).toEqual({ allowed: false, retryAfterSeconds: 30 });
    now += 30_000;
    expect(limiter.check("a")).toEqual({ allowed: true });
  });

  it("keeps keys apart and forgets a key on reset", () => {
    const limiter = new TokenBucketLimiter(1, 0.001, 100, () => 0);
    limiter.consume("a");
    expect(limiter.check("a").allowed).toBe(false);
    expect(limiter.check("b").allowed).toBe(true);
    limiter.reset("a");
    expect(limiter.check("a").allowed).toBe(true);
  });

  it("stays bounded under many distinct keys", () => {
    const limiter = new TokenBucketLimiter(1, 0.001, 10, () => 0);
    for (let i = 0; i < 1000; i++) limiter.consume(`key-${i}`);
    expect(limiter.check("key-999").allowed).toBe(false);
    expect(limiter.check("key-0").allowed).toBe(true);
  });

  it("take counts an attempt at once (concurrent attempts cannot all pass), refund gives it back", () => {
    const limiter = new TokenBucketLimiter(2, 0.001, 100, () => 0);
    expect(limiter.take("a")).toEqual({ allowed: true });
    expect(limiter.take("a")).toEqual({ allowed: true });
    expect(limiter.take("a").allowed).toBe(false);
    limiter.refund("a");
    expect(limiter.take("a").allowed).toBe(true);
    limiter.refund("a");
    limiter.refund("a");
    limiter.refund("a"); // never above capacity
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("a").allowed).toBe(false);
  });
});
