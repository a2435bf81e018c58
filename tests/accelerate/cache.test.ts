import { randomUUID } from "node:crypto";
import { withAccelerate } from "@prisma/extension-accelerate";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConnectionTarget } from "@/lib/gateway/query";
import { accelerateRequest, clientFor, freshPglite, postgresUrls, RESOURCE_A, RESOURCE_B, rejectionOf, startTestGateway, type TestGateway } from "../support/accelerate-client/harness";

// Issue 10, phase A: the real `@prisma/extension-accelerate` 3.0.1 on a real Prisma Client 7.10 with
// `accelerateUrl`, against the gateway's query engine, on an in-process PGlite and on PostgreSQL.
// Every "old value" below is proven stale by a change made straight in the database first.

type Kind = "pglite" | "postgres";

type Setup = {
  gateway: TestGateway;
  /** SQL straight on the database, past the gateway. */
  sql: (text: string, values?: unknown[]) => Promise<unknown>;
  close: () => Promise<void>;
};

async function setUp(kind: Kind, cacheLimits?: { maxBytes: number; maxEntryBytes: number }): Promise<Setup> {
  let target: ConnectionTarget;
  let sql: Setup["sql"];
  let closeDatabase: () => Promise<void>;
  if (kind === "pglite") {
    const pglite = await freshPglite();
    target = { kind: "pglite", pglite, label: "test PGlite" };
    sql = (text, values) => pglite.query(text, values);
    closeDatabase = () => pglite.close();
  } else {
    target = { kind: "postgres", url: postgresUrls()[0] };
    const pool = new pg.Pool({ connectionString: postgresUrls()[0], max: 2 });
    sql = (text, values) => pool.query(text, values);
    closeDatabase = () => pool.end();
  }
  // Resource B points at the same database: same plans, same parameters, and still its own cache.
  const gateway = await startTestGateway({ [RESOURCE_A]: target, [RESOURCE_B]: target }, cacheLimits ? { cache: { limits: cacheLimits } } : {});
  return { gateway, sql, close: async () => (await gateway.close(), await closeDatabase()) };
}

const accelerated = (url: string, fetchImpl?: typeof fetch) => clientFor(url).$extends(withAccelerate(fetchImpl ? { fetch: fetchImpl } : undefined));

describe.each<Kind>(["pglite", "postgres"])("the query cache through @prisma/extension-accelerate, on %s", (kind) => {
  let setup: Setup;
  let prisma: ReturnType<typeof accelerated>;
  let email: string;
  beforeAll(async () => {
    setup = await setUp(kind);
    prisma = accelerated(setup.gateway.keyFor(RESOURCE_A).url);
  });
  afterAll(() => setup?.close());

  const newUser = async (name: string) => {
    email = `cache-${randomUUID()}@example.test`;
    await setup.sql(`INSERT INTO "User" ("email", "name") VALUES ($1, $2)`, [email, name]);
    return email;
  };
  const rename = (name: string) => setup.sql(`UPDATE "User" SET "name" = $1 WHERE "email" = $2`, [name, email]);
  const cacheStats = () => setup.gateway.engine.stats().cache;

  it("ttl: miss, then the old value with ttl after a change in the database; invalidate by tag → new value, miss", async () => {
    await newUser("before");
    const read = () => prisma.user.findUnique({ where: { email }, cacheStrategy: { ttl: 60, tags: ["users_ttl"] } }).withAccelerateInfo();
    const first = await read();
    expect(first.data?.name).toBe("before");
    expect(first.info?.cacheStatus).toBe("miss");
    expect(Number.isNaN(first.info!.lastModified.getTime())).toBe(false);
    await rename("after");
    const second = await read();
    expect(second.data?.name).toBe("before");
    expect(second.info?.cacheStatus).toBe("ttl");
    expect(second.info?.lastModified.getTime()).toBe(first.info?.lastModified.getTime());
    // Other operations of the list are cached too (count, aggregate, findMany).
    const count = () => prisma.user.count({ where: { email }, cacheStrategy: { ttl: 60, tags: ["users_ttl"] } }).withAccelerateInfo();
    expect((await count()).info?.cacheStatus).toBe("miss");
    expect((await count()).info?.cacheStatus).toBe("ttl");

    await prisma.$accelerate.invalidate({ tags: ["users_ttl"] });
    const third = await read();
    expect(third.data?.name).toBe("after");
    expect(third.info?.cacheStatus).toBe("miss");
    expect((await count()).info?.cacheStatus).toBe("miss");
  });

  it("invalidateAll drops every entry of the resource, tags or none", async () => {
    await newUser("one");
    const read = () => prisma.user.findFirst({ where: { email }, cacheStrategy: { ttl: 60 } }).withAccelerateInfo();
    await read();
    await rename("two");
    expect((await read()).data?.name).toBe("one");
    await prisma.$accelerate.invalidateAll();
    const after = await read();
    expect([after.data?.name, after.info?.cacheStatus]).toEqual(["two", "miss"]);
  });

  it("swr: serves the stale value and refreshes it once in the background, then the fresh one", async () => {
    await newUser("stale");
    // findFirst: concurrent findUnique calls are batched by Prisma Client into one request of another plan.
    const read = () => prisma.user.findFirst({ where: { email }, cacheStrategy: { swr: 60 } }).withAccelerateInfo();
    expect((await read()).info?.cacheStatus).toBe("miss");
    await rename("fresh");
    const refreshesBefore = cacheStats().refreshes;
    const stale = await read();
    expect([stale.data?.name, stale.info?.cacheStatus]).toEqual(["stale", "swr"]);
    expect(stale.info?.lastModified.getTime()).toBeLessThanOrEqual(Date.now());
    expect(cacheStats().refreshes - refreshesBefore).toBe(1);
    let latest = await read();
    for (let attempt = 0; latest.data?.name !== "fresh" && attempt < 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      latest = await read();
    }
    expect([latest.data?.name, latest.info?.cacheStatus]).toEqual(["fresh", "swr"]);
  });

  it("concurrent misses of one entry share one database read", async () => {
    await newUser("shared");
    const readsBefore = cacheStats().reads;
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => prisma.user.findMany({ where: { email }, cacheStrategy: { ttl: 60 } }).withAccelerateInfo()),
    );
    expect(answers.every((answer) => answer.data[0]?.name === "shared")).toBe(true);
    expect(cacheStats().reads - readsBefore).toBe(1);
  });

  it("no-cache, interactive transactions and writes never hit the cache", async () => {
    await newUser("v1");
    const plain = await prisma.user.findUnique({ where: { email } }).withAccelerateInfo();
    expect(plain.info?.cacheStatus).toBe("none");
    await prisma.user.findUnique({ where: { email }, cacheStrategy: { ttl: 60 } });
    await rename("v2");
    const inTransaction = await prisma.$transaction(async (tx) => tx.user.findUnique({ where: { email }, cacheStrategy: { ttl: 60 } }));
    expect(inTransaction?.name).toBe("v2");
    // A write sent with a cache-control header (forced here: the extension sends no-cache for writes) runs every time.
    const forcing: typeof fetch = (url, init) =>
      fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), "cache-control": "max-age=60" } });
    const writer = accelerated(setup.gateway.keyFor(RESOURCE_A).url, forcing);
    const bump = () => writer.user.updateMany({ where: { email }, data: { name: { set: "v3" } } });
    expect((await bump()).count).toBe(1);
    await rename("v4");
    expect((await bump()).count).toBe(1);
    const { rows } = (await setup.sql(`SELECT "name" FROM "User" WHERE "email" = $1`, [email])) as { rows: { name: string }[] };
    expect(rows[0]?.name).toBe("v3");
  });

  it("a key reads only its own resource's cache, and invalidates only it", async () => {
    await newUser("a-sees");
    const other = accelerated(setup.gateway.keyFor(RESOURCE_B).url);
    const read = (client: typeof prisma) => client.user.findUnique({ where: { email }, cacheStrategy: { ttl: 60, tags: ["iso"] } }).withAccelerateInfo();
    expect((await read(prisma)).info?.cacheStatus).toBe("miss");
    await rename("b-sees");
    const fromB = await read(other);
    expect([fromB.data?.name, fromB.info?.cacheStatus]).toEqual(["b-sees", "miss"]);
    await other.$accelerate.invalidate({ tags: ["iso"] });
    const fromA = await read(prisma);
    expect([fromA.data?.name, fromA.info?.cacheStatus]).toEqual(["a-sees", "ttl"]);
  });

  it("deleting a key keeps the resource's cache; forgetting the resource (deleted, connection changed) drops it", async () => {
    await newUser("kept");
    const { url, keyId } = setup.gateway.keyFor(RESOURCE_A);
    const doomed = accelerated(url);
    const read = (client: typeof prisma) => client.user.findUnique({ where: { email }, cacheStrategy: { ttl: 60 } }).withAccelerateInfo();
    await read(doomed);
    await rename("dropped");
    setup.gateway.keys.removeKey(keyId);
    setup.gateway.engine.applyKeyEvent({ id: randomUUID(), type: "revoked", keyId });
    expect((await rejectionOf(read(doomed))).code).toBe("P6002");
    const stillCached = await read(prisma);
    expect([stillCached.data?.name, stillCached.info?.cacheStatus]).toEqual(["kept", "ttl"]);
    await setup.gateway.engine.forgetResource(RESOURCE_A);
    const afterForget = await read(prisma);
    expect([afterForget.data?.name, afterForget.info?.cacheStatus]).toEqual(["dropped", "miss"]);
  });

  it("tag limits as Prisma documents them: P6005, nothing run or dropped", async () => {
    await newUser("limits");
    const bad = [["has-dash"], ["x".repeat(65)], ["a", "b", "c", "d", "e", "f"]];
    for (const tags of bad) {
      const error = await rejectionOf(prisma.user.findUnique({ where: { email }, cacheStrategy: { ttl: 60, tags } }));
      expect(error.code ?? error.message).toMatch(/P6005|cache tag/i);
      expect(error.message).toMatch(/tag/i);
    }
    const invalidation = await rejectionOf(prisma.$accelerate.invalidate({ tags: ["no spaces"] }));
    expect(invalidation.message).toMatch(/400.*tag/is);
    // The raw answer: P6005 with the header Prisma Client reads.
    const { key } = setup.gateway.keyFor(RESOURCE_A);
    const raw = await accelerateRequest(setup.gateway.port, "/invalidate", { key, body: { tags: ["a", "b", "c", "d", "e", "f"] } });
    expect([raw.status, raw.headers["prisma-error-code"], raw.json.code]).toEqual([400, "P6005", "P6005"]);
    const ok = await accelerateRequest(setup.gateway.port, "/invalidate", { key, body: { tags: "all" } });
    expect([ok.status, ok.json]).toEqual([200, { invalidated: "all" }]);
  });
});

describe("the query cache's byte bound", () => {
  let setup: Setup;
  const maxBytes = 8 * 1024;
  const maxEntryBytes = 2 * 1024;
  beforeAll(async () => (setup = await setUp("pglite", { maxBytes, maxEntryBytes })));
  afterAll(() => setup?.close());

  it("evicts the least recently used entries to stay within its bytes, and never keeps an entry over the cap", async () => {
    const prisma = accelerated(setup.gateway.keyFor(RESOURCE_A).url);
    for (let i = 0; i < 60; i++) await prisma.user.findMany({ where: { email: `nobody-${i}@example.test` }, cacheStrategy: { ttl: 60 } });
    const stats = setup.gateway.engine.stats().cache;
    expect(stats.bytes).toBeLessThanOrEqual(maxBytes);
    expect(stats.evictions).toBeGreaterThan(0);
    expect(stats.entries).toBeLessThan(60);
    const oldest = await prisma.user.findMany({ where: { email: "nobody-0@example.test" }, cacheStrategy: { ttl: 60 } }).withAccelerateInfo();
    expect(oldest.info?.cacheStatus).toBe("miss");
    const newest = await prisma.user.findMany({ where: { email: "nobody-59@example.test" }, cacheStrategy: { ttl: 60 } }).withAccelerateInfo();
    expect(newest.info?.cacheStatus).toBe("ttl");

    // ~3 KB of rows: over the entry cap, so answered every time from the database.
    await setup.sql(`INSERT INTO "User" ("email", "name") SELECT 'big-' || g || '@example.test', repeat('n', 40) FROM generate_series(1, 40) g`);
    const big = () => prisma.user.findMany({ where: { email: { startsWith: "big-" } }, cacheStrategy: { ttl: 60 } }).withAccelerateInfo();
    expect((await big()).data).toHaveLength(40);
    expect((await big()).info?.cacheStatus).toBe("miss");
    expect(setup.gateway.engine.stats().cache.bytes).toBeLessThanOrEqual(maxBytes);
  });
});
