import { describe, expect, it } from "vitest";
import { BUCKETS, bucketOf, mergeInto, newHistogram, quantile, trimmed } from "./histogram";
import { UsageAggregator, OTHER_ID } from "./recorder";
import { normalizeSql, planStatements, shapeOf } from "./shape";

describe("the latency histogram", () => {
  it("puts values in increasing buckets and reads percentiles within 12 %", () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(Number.NaN)).toBe(0);
    expect(bucketOf(1e9)).toBe(BUCKETS - 1);
    for (const ms of [0.1, 0.7, 3, 42, 950, 12_000]) {
      const histogram = newHistogram();
      histogram[bucketOf(ms)]!++;
      const p = quantile(histogram, 0.5)!;
      expect(Math.abs(p - ms) / ms).toBeLessThan(0.13);
    }
  });

  it("merges by adding buckets: the p99 of two processes' minutes is the p99 of all their values", () => {
    const [a, b] = [newHistogram(), newHistogram()];
    for (let i = 0; i < 990; i++) a[bucketOf(1)]!++; // fast on one process
    for (let i = 0; i < 10; i++) b[bucketOf(200)]!++; // slow on the other
    const merged = new Array<number>(BUCKETS).fill(0);
    mergeInto(merged, trimmed(a));
    mergeInto(merged, trimmed(b));
    expect(quantile(merged, 0.5)).toBeCloseTo(quantile(a, 0.5)!, 5);
    expect(quantile(merged, 0.99)! / 1).toBeLessThan(1.2); // 990 of 1000 are ~1 ms
    expect(quantile(merged, 0.995)!).toBeGreaterThan(170); // the slow tail is kept
    expect(quantile([], 0.99)).toBeNull();
    expect(trimmed(newHistogram())).toEqual([]);
  });
});

describe("query shapes", () => {
  it("keep the SQL of the plan and never a value", () => {
    const plan = {
      type: "dataMap",
      args: {
        expr: {
          type: "query",
          args: {
            type: "templateSql",
            fragments: [{ type: "stringChunk", chunk: 'SELECT "id" FROM "User" WHERE "email" = ' }, { type: "parameter" }, { type: "stringChunk", chunk: " AND id IN " }, { type: "parameterTuple" }, { type: "stringChunk", chunk: " LIMIT " }, { type: "parameter" }],
            args: ["secret-canary", 20],
          },
        },
      },
    };
    const shape = shapeOf({ model: "User", operation: "findMany", plan, params: { "%1": "secret-canary" } });
    expect(shape).toEqual({ model: "User", operation: "findMany", text: 'SELECT "id" FROM "User" WHERE "email" = ? AND id IN (?) LIMIT ?' });
    expect(JSON.stringify(shape)).not.toContain("canary");
  });

  it("replace literals of raw SQL: strings, dollar-quoted strings, numbers, placeholders, lists", () => {
    expect(normalizeSql(`SELECT * FROM t1 WHERE a = 'it''s secret' AND b = $1 AND c IN (1, 2, 3) AND d = $$x$$ AND "col2" > -4.5e3`)).toBe(
      `SELECT * FROM t1 WHERE a = ? AND b = ? AND c IN (?) AND d = ? AND "col2" > ?`,
    );
    expect(normalizeSql("SELECT E'\\\\x' ,  $tag$body$tag$")).toBe("SELECT ?");
    expect(planStatements({ type: "rawSql", sql: "SELECT 1", args: [] })).toEqual(["SELECT 1"]);
  });
});

describe("the aggregator", () => {
  it("counts per minute, resource and key, and bounds shapes and error codes", () => {
    let now = 1_700_000_000_000;
    const aggregator = new UsageAggregator({ maxShapes: 2, maxErrorCodes: 1, maxCells: 1_000 }, () => now);
    aggregator.request("db_a", "key_1", 2, null, "hit");
    aggregator.request("db_a", "key_1", 3, "P6004", "miss");
    aggregator.request("db_a", "key_1", 3, "P2002", null);
    aggregator.request("db_a", "key_2", 1, null, null);
    now += 60_000;
    aggregator.request("db_a", "key_1", 1, null, null);
    for (const text of ["A", "B", "C", "D"]) aggregator.query("db_a", "key_1", { model: "User", operation: "findMany", text }, 1, 2);
    const batch = aggregator.drain();
    expect(batch.minutes).toHaveLength(3);
    const first = batch.minutes.find((cell) => cell.keyId === "key_1" && cell.requests === 3)!;
    expect(first).toMatchObject({ cacheHits: 1, cacheMisses: 1, errors: { P6004: 1, other: 1 } });
    expect(batch.shapes.map((cell) => cell.shapeId).filter((id) => id === OTHER_ID)).toHaveLength(1);
    expect(batch.shapes.find((cell) => cell.shapeId === OTHER_ID)).toMatchObject({ count: 2, rows: 4 });
    expect(aggregator.drain()).toEqual({ minutes: [], shapes: [] });
    // After a drain the same shape gets a fresh cell under the same id.
    aggregator.query("db_a", "key_1", { model: "User", operation: "findMany", text: "A" }, 1, 1);
    const [again] = aggregator.drain().shapes;
    expect(again).toMatchObject({ count: 1, shapeId: batch.shapes[0]!.shapeId });
  });
});
