import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QueryLimits } from "@/lib/gateway/query";
import { accelerateRequest, clientFor, postgresUrls, RESOURCE_A, rejectionOf, startTestGateway, type TestGateway } from "../support/accelerate-client/harness";

// The gateway's limits, on PostgreSQL (where a statement can be watched in pg_stat_activity): a
// timeout cancels the statement on the database, a transaction's deadline cancels what runs in it,
// a request cancelled while waiting for a connection never runs, sizes are bounded, and the
// client's limit headers change nothing. (PGlite runs in this process: a statement there holds the
// event loop until it ends, so its timeout is reported afterwards; see lib/gateway/query/index.ts.)

let watcher: pg.Client;
const gateways: TestGateway[] = [];

beforeAll(async () => {
  watcher = new pg.Client({ connectionString: postgresUrls()[0] });
  await watcher.connect();
});
afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.close()));
  await watcher.end();
});

async function gatewayWith(limits: Partial<QueryLimits>) {
  const gateway = await startTestGateway({ [RESOURCE_A]: { kind: "postgres", url: postgresUrls()[0] } }, { limits });
  gateways.push(gateway);
  return gateway;
}

/** Statements still running on the database whose text contains `marker`. */
async function running(marker: string): Promise<number> {
  const { rows } = await watcher.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%' || $1 || '%' AND pid <> pg_backend_pid()`,
    [marker],
  );
  return rows[0].n;
}

async function eventually(check: () => Promise<boolean>, within = 3_000): Promise<boolean> {
  const until = Date.now() + within;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

const rawPlan = (sql: string) => ({ operation: "queryRaw", plan: { type: "query", args: { type: "rawSql", sql, args: [], argTypes: [] } }, params: {} });

describe("the query timeout", () => {
  it("answers P6004 and cancels the statement on the database (pg_stat_activity shows it gone)", async () => {
    const gateway = await gatewayWith({ queryTimeoutMs: 1_000 });
    const prisma = clientFor(gateway.keyFor(RESOURCE_A).url);
    const marker = `sleep_${randomUUID().slice(0, 8)}`;
    const started = Date.now();
    const failure = await rejectionOf(prisma.$queryRawUnsafe(`SELECT pg_sleep(30) AS ${marker}`));
    expect(failure.code).toBe("P6004");
    expect(failure.message).toContain("1000 ms");
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await eventually(async () => (await running(marker)) === 0)).toBe(true);
    // The pool's connection is usable again.
    expect(await prisma.$queryRaw`SELECT 1 AS one`).toEqual([{ one: 1 }]);
  });

  it("cancels a statement of the plan's own internal transaction too, and rolls that transaction back", async () => {
    // A plan that needs a transaction of its own (as nested writes compile to): the interpreter
    // takes its connection from the TransactionManager, not from the queryable it was given.
    const gateway = await gatewayWith({ queryTimeoutMs: 1_000 });
    const marker = `internal_${randomUUID().slice(0, 8)}`;
    const address = `${randomUUID().slice(0, 8)}@example.com`;
    const statement = (sql: string, type: "query" | "execute") => ({ type, args: { type: "rawSql", sql, args: [], argTypes: [] } });
    const body = {
      operation: "executeRaw",
      plan: {
        type: "transaction",
        args: {
          type: "seq",
          args: [statement(`INSERT INTO "User" ("email") VALUES ('${address}')`, "execute"), statement(`SELECT pg_sleep(30) AS ${marker}`, "query")],
        },
      },
      params: {},
    };
    const started = Date.now();
    const answer = await accelerateRequest(gateway.port, "/query", { key: gateway.keyFor(RESOURCE_A).key, body });
    expect(answer).toMatchObject({ status: 504, json: { code: "P6004" } });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await eventually(async () => (await running(marker)) === 0)).toBe(true);
    expect(await eventually(async () => (await watcher.query(`SELECT 1 FROM "User" WHERE "email" = $1`, [address])).rowCount === 0)).toBe(true);
    // No connection was left inside that transaction: the pool answers, outside any transaction.
    const prisma = clientFor(gateway.keyFor(RESOURCE_A).url);
    expect(await prisma.$queryRaw`SELECT now() = statement_timestamp() AS outside`).toEqual([{ outside: true }]);
  });

  it("ignores the client's x-query-timeout header", async () => {
    const gateway = await gatewayWith({ queryTimeoutMs: 500 });
    const marker = `header_${randomUUID().slice(0, 8)}`;
    const answer = await accelerateRequest(gateway.port, "/query", {
      key: gateway.keyFor(RESOURCE_A).key,
      body: rawPlan(`SELECT pg_sleep(5) AS ${marker}`),
      headers: { "x-query-timeout": "60000" },
    });
    expect(answer).toMatchObject({ status: 504, json: { code: "P6004" } });
    expect(await eventually(async () => (await running(marker)) === 0)).toBe(true);
  });

  it("never runs a write whose request timed out while it waited for a connection", async () => {
    const gateway = await gatewayWith({ queryTimeoutMs: 500, poolSize: 1, connectTimeoutMs: 4_000 });
    const { key } = gateway.keyFor(RESOURCE_A);
    const transaction = await accelerateRequest(gateway.port, "/transaction/start", { key, body: { timeout: 5_000, maxWait: 2_000 } });
    const address = `${randomUUID().slice(0, 8)}@example.com`;
    const insert = rawPlan(`INSERT INTO "User" ("email") VALUES ('${address}')`);
    const answer = await accelerateRequest(gateway.port, "/query", { key, body: { ...insert, operation: "executeRaw", plan: { ...insert.plan, type: "execute" } } });
    expect(answer.json.code).toBe("P6004");
    // The one connection is freed only now; the queued insert gets it and must not run.
    await accelerateRequest(gateway.port, `/transaction/${transaction.json.id}/rollback`, { key });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await watcher.query(`SELECT count(*)::int AS n FROM "User" WHERE "email" = $1`, [address])).rows[0].n).toBe(0);
  });
});

describe("interactive transactions", () => {
  it("refuses a timeout above the gateway's limit with P6005, whatever x-max-transaction-timeout says", async () => {
    const gateway = await gatewayWith({});
    const prisma = clientFor(gateway.keyFor(RESOURCE_A).url);
    const failure = await rejectionOf(prisma.$transaction(async (tx) => tx.user.count(), { timeout: 20_000 }));
    expect(failure.code).toBe("P6005");
    expect(failure.message).toContain("15000 ms");
    const raw = await accelerateRequest(gateway.port, "/transaction/start", {
      key: gateway.keyFor(RESOURCE_A).key,
      body: { timeout: 20_000, maxWait: 2_000 },
      headers: { "x-max-transaction-timeout": "60000" },
    });
    expect(raw.json.code).toBe("P6005");
  });

  it("cancels the statement running when the transaction's timeout passes, and rolls it back", async () => {
    const gateway = await gatewayWith({});
    const prisma = clientFor(gateway.keyFor(RESOURCE_A).url);
    const marker = `txsleep_${randomUUID().slice(0, 8)}`;
    const address = `${randomUUID().slice(0, 8)}@example.com`;
    const started = Date.now();
    const failure = await rejectionOf(
      prisma.$transaction(
        async (tx) => {
          await tx.user.create({ data: { email: address } });
          await tx.$queryRawUnsafe(`SELECT pg_sleep(20) AS ${marker}`);
        },
        { timeout: 1_000 },
      ),
    );
    expect(failure.code).toBe("P2028");
    // The statement sleeps 20 s: only its cancellation can end the transaction well before that.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await eventually(async () => (await running(marker)) === 0)).toBe(true);
    expect(await prisma.user.count({ where: { email: address } })).toBe(0);
  });

  it("answers a query after the transaction expired with Prisma's expired-transaction error", async () => {
    const gateway = await gatewayWith({});
    const prisma = clientFor(gateway.keyFor(RESOURCE_A).url);
    const failure = await rejectionOf(
      prisma.$transaction(
        async (tx) => {
          await new Promise((resolve) => setTimeout(resolve, 700));
          return tx.user.count();
        },
        { timeout: 400 },
      ),
    );
    expect(failure.code).toBe("P2028");
    expect(failure.message).toContain("expired transaction");
  });
});

describe("sizes", () => {
  it("answers a result above the response limit with P6009, whatever x-max-response-size says", async () => {
    const gateway = await gatewayWith({ maxResponseBytes: 64 * 1024 });
    const prisma = clientFor(gateway.keyFor(RESOURCE_A).url);
    expect((await prisma.$queryRaw<{ s: string }[]>`SELECT repeat('x', 30000) AS s`)[0]?.s).toHaveLength(30_000);
    const failure = await rejectionOf(prisma.$queryRaw`SELECT repeat('x', 100000) AS s`);
    expect(failure.code).toBe("P6009");
    expect(failure.message).toContain(String(64 * 1024));
    const raw = await accelerateRequest(gateway.port, "/query", {
      key: gateway.keyFor(RESOURCE_A).key,
      body: rawPlan("SELECT repeat('x', 100000) AS s"),
      headers: { "x-max-response-size": "1000000000" },
    });
    expect(raw.json.code).toBe("P6009");
  });

  it("refuses a request body above its limit before reading it", async () => {
    const gateway = await gatewayWith({ maxRequestBytes: 10_000 });
    const body = { ...rawPlan("SELECT 1"), params: { padding: "y".repeat(20_000) } };
    const answer = await accelerateRequest(gateway.port, "/query", { key: gateway.keyFor(RESOURCE_A).key, body });
    expect(answer).toMatchObject({ status: 400, json: { code: "P6005" } });
    expect(answer.json.message).toContain("10000 bytes");
  });
});
