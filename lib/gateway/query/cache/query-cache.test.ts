import { describe, expect, it } from "vitest";
import type { QueryBody } from "../accelerate-protocol";
import { QueryCache } from "./query-cache";
import { cacheStrategyOf, parseInvalidateBody } from "./strategy";

// The cache's rules with a clock and database reads the test controls (the extension-level tests
// are tests/accelerate/cache.test.ts).

const owner = { resourceId: "db_a", projectId: "proj_1" };
const body = (id: number): QueryBody => ({ model: "User", operation: "findUnique", plan: { id: "plan" }, params: { id } });

function deferred() {
  let resolve!: (text: string) => void;
  const promise = new Promise<string>((done) => (resolve = done));
  return { promise, resolve };
}

function setUp(limits = { maxBytes: 1024 * 1024, maxEntryBytes: 64 * 1024 }, lease?: { valid: boolean }) {
  let now = 1_000_000;
  const cache = new QueryCache({ ...limits, lease, now: () => now });
  if (lease) cache.setEnabled(true);
  return { cache, advance: (ms: number) => (now += ms) };
}

describe("QueryCache", () => {
  it("ttl: fresh for max-age, then a miss", async () => {
    const { cache, advance } = setUp();
    const strategy = { ttlSeconds: 10, swrSeconds: 0, tags: [] };
    expect((await cache.serve(owner, body(1), strategy, async () => "v1")).status).toBe("miss");
    advance(9_999);
    expect(await cache.serve(owner, body(1), strategy, async () => "v2")).toMatchObject({ status: "ttl", text: "v1" });
    advance(1);
    expect(await cache.serve(owner, body(1), strategy, async () => "v3")).toMatchObject({ status: "miss", text: "v3" });
  });

  it("swr: stale answers while one background refresh runs, then the refreshed value", async () => {
    const { cache, advance } = setUp();
    const strategy = { ttlSeconds: 1, swrSeconds: 60, tags: [] };
    await cache.serve(owner, body(1), strategy, async () => "old");
    advance(2_000);
    const refresh = deferred();
    let refreshes = 0;
    const read = () => (refreshes++, refresh.promise);
    const answers = await Promise.all(Array.from({ length: 5 }, () => cache.serve(owner, body(1), strategy, read)));
    expect(answers.map((answer) => [answer.status, answer.text])).toEqual(Array(5).fill(["swr", "old"]));
    expect(refreshes).toBe(1);
    refresh.resolve("new");
    await refresh.promise;
    await Promise.resolve();
    expect(await cache.serve(owner, body(1), strategy, async () => "unused")).toMatchObject({ status: "ttl", text: "new" });
    advance(62_000);
    expect((await cache.serve(owner, body(1), strategy, async () => "newest")).status).toBe("miss");
  });

  it("a read in flight when its tag is invalidated is answered but not stored, and nothing later joins it", async () => {
    const { cache } = setUp();
    const strategy = { ttlSeconds: 60, swrSeconds: 0, tags: ["t"] };
    const slow = deferred();
    const first = cache.serve(owner, body(1), strategy, () => slow.promise);
    cache.invalidate({ resourceId: "db_a", tags: ["t"] });
    const second = cache.serve(owner, body(1), strategy, async () => "after");
    slow.resolve("before");
    expect((await first).text).toBe("before");
    expect((await second).text).toBe("after");
    expect(await cache.serve(owner, body(1), strategy, async () => "unused")).toMatchObject({ status: "ttl", text: "after" });
  });

  it("invalidation matches tags within one resource only", async () => {
    const { cache } = setUp();
    const tagged = (tags: string[]) => ({ ttlSeconds: 60, swrSeconds: 0, tags });
    await cache.serve(owner, body(1), tagged(["a"]), async () => "a1");
    await cache.serve(owner, body(2), tagged(["b"]), async () => "b2");
    await cache.serve({ resourceId: "db_b" }, body(1), tagged(["a"]), async () => "other");
    expect(cache.invalidate({ resourceId: "db_a", tags: ["a"] })).toBe(1);
    expect((await cache.serve(owner, body(2), tagged(["b"]), async () => "x")).status).toBe("ttl");
    expect((await cache.serve({ resourceId: "db_b" }, body(1), tagged(["a"]), async () => "x")).status).toBe("ttl");
    expect(cache.invalidate({ resourceId: "db_a", tags: "all" })).toBe(1);
    expect(cache.dropProject("proj_1")).toBe(0);
  });

  it("serves nothing without a valid lease, and a lapsed lease empties it", async () => {
    const lease = { valid: true };
    const { cache } = setUp(undefined, lease);
    const strategy = { ttlSeconds: 60, swrSeconds: 0, tags: [] };
    await cache.serve(owner, body(1), strategy, async () => "v1");
    lease.valid = false;
    expect(await cache.serve(owner, body(1), strategy, async () => "v2")).toMatchObject({ status: "none", text: "v2" });
    lease.valid = true;
    expect(cache.stats().entries).toBe(0);
    expect((await cache.serve(owner, body(1), strategy, async () => "v3")).status).toBe("none"); // until the listener re-enables
    cache.setEnabled(true);
    expect((await cache.serve(owner, body(1), strategy, async () => "v4")).status).toBe("miss");
  });

  it("stays within its bytes (LRU) and keeps no entry over the cap", async () => {
    const { cache } = setUp({ maxBytes: 4096, maxEntryBytes: 1024 });
    const strategy = { ttlSeconds: 60, swrSeconds: 0, tags: [] };
    for (let i = 0; i < 20; i++) await cache.serve(owner, body(i), strategy, async () => "x".repeat(500));
    expect(cache.stats().bytes).toBeLessThanOrEqual(4096);
    expect(cache.stats().evictions).toBeGreaterThan(0);
    expect((await cache.serve(owner, body(19), strategy, async () => "y")).status).toBe("ttl");
    expect((await cache.serve(owner, body(0), strategy, async () => "y")).status).toBe("miss");
    await cache.serve(owner, body(100), strategy, async () => "z".repeat(2000));
    expect((await cache.serve(owner, body(100), strategy, async () => "z")).status).toBe("miss");
  });
});

describe("cache headers and /invalidate bodies", () => {
  it("reads the extension's headers", () => {
    expect(cacheStrategyOf({ "cache-control": "max-age=60,stale-while-revalidate=30", "accelerate-cache-tags": "a,b" })).toEqual({ ttlSeconds: 60, swrSeconds: 30, tags: ["a", "b"] });
    expect(cacheStrategyOf({ "cache-control": "no-cache" })).toBeNull();
    expect(cacheStrategyOf({})).toBeNull();
    expect(() => cacheStrategyOf({ "cache-control": "max-age=1", "accelerate-cache-tags": "a-b" })).toThrow(/tag/);
    expect(() => cacheStrategyOf({ "cache-control": "max-age=x" })).toThrow(/whole number/);
  });

  it("accepts tags or all, and refuses the rest", () => {
    expect(parseInvalidateBody('{"tags":"all"}')).toBe("all");
    expect(parseInvalidateBody('{"tags":["a","a"]}')).toEqual(["a"]);
    for (const bad of ["{}", '{"tags":[]}', '{"tags":[1]}', "nope", `{"tags":["${"x".repeat(65)}"]}`]) expect(() => parseInvalidateBody(bad)).toThrow();
  });
});
