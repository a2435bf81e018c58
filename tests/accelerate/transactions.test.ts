import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyRevoked } from "@/lib/gateway/key-events";
import { INSTANCE_COOKIE, type ConnectionTarget } from "@/lib/gateway/query";
import {
  accelerateRequest,
  clientFor,
  freshPglite,
  postgresUrls,
  RESOURCE_A,
  RESOURCE_B,
  rejectionOf,
  startTestGateway,
  type TestGateway,
} from "../support/accelerate-client/harness";
import type { PrismaClient } from "../support/accelerate-client/generated/v7-10/client";

// Batch and interactive transactions through the gateway, and what binds a transaction to the key
// and the resource that started it.

const email = () => `${randomUUID().slice(0, 8)}@example.com`;

/** A query plan as Prisma Client compiles `$queryRaw` (a raw SQL node): for requests made by hand. */
const rawPlan = (sql: string, ...args: string[]) => ({
  operation: "queryRaw",
  plan: { type: "query", args: { type: "rawSql", sql, args, argTypes: args.map(() => ({ arity: "scalar", scalarType: "string" })) } },
  params: {},
});

describe.each(["pglite", "postgres"] as const)("transactions on %s", (kind) => {
  let gateway: TestGateway;
  let prisma: PrismaClient;
  let closeDatabase = async () => {};
  beforeAll(async () => {
    let target: ConnectionTarget;
    if (kind === "pglite") {
      const pglite = await freshPglite();
      target = { kind: "pglite", pglite, label: "test PGlite" };
      closeDatabase = () => pglite.close();
    } else target = { kind: "postgres", url: postgresUrls()[0] };
    gateway = await startTestGateway({ [RESOURCE_A]: target });
    prisma = clientFor(gateway.keyFor(RESOURCE_A).url);
  });
  afterAll(async () => {
    await gateway.close();
    await closeDatabase();
  });

  it("commits a batch, and rolls back a whole batch when one of its writes fails", async () => {
    const [first, second] = [email(), email()];
    const created = await prisma.$transaction([prisma.user.create({ data: { email: first } }), prisma.user.count({ where: { email: first } })]);
    expect(created[1]).toBe(1);
    const failure = await rejectionOf(prisma.$transaction([prisma.user.create({ data: { email: second } }), prisma.user.create({ data: { email: first } })]));
    expect(failure.code).toBe("P2002");
    expect(await prisma.user.count({ where: { email: second } })).toBe(0);
  });

  it("commits an interactive transaction, and rolls one back when its callback throws", async () => {
    const [kept, dropped] = [email(), email()];
    const result = await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: kept } });
      await tx.post.create({ data: { title: "in tx", authorId: user.id } });
      return tx.post.count({ where: { authorId: user.id } });
    });
    expect(result).toBe(1);
    const thrown = await rejectionOf(
      prisma.$transaction(async (tx) => {
        await tx.user.create({ data: { email: dropped } });
        expect(await tx.user.count({ where: { email: dropped } })).toBe(1);
        throw new Error("changed my mind");
      }),
    );
    expect(thrown.message).toBe("changed my mind");
    expect(await prisma.user.count({ where: { email: { in: [kept, dropped] } } })).toBe(1);
    expect(gateway.engine.stats().transactions).toBe(0);
  });

  it("rolls back a nested transaction (a savepoint) and commits the outer one; PGlite's adapter has no savepoints", async () => {
    const [outer, inner] = [email(), email()];
    await prisma.$transaction(async (tx) => {
      await tx.user.create({ data: { email: outer } });
      const nested = await rejectionOf(
        (tx as unknown as PrismaClient).$transaction(async (nestedTx) => {
          await nestedTx.user.create({ data: { email: inner } });
          throw new Error("inner only");
        }),
      );
      if (kind === "postgres") expect(nested.message).toBe("inner only");
      // What the same client says on a direct PGlite connection: the adapter lacks savepoints.
      else expect(nested).toMatchObject({ code: "P2028", message: expect.stringContaining('not supported by adapter "pglite-prisma-adapter"') });
    });
    expect(await prisma.user.findMany({ where: { email: { in: [outer, inner] } }, select: { email: true } })).toEqual([{ email: outer }]);
  });

  it("answers a deleted key with P6002 inside its open transaction, which is rolled back", async () => {
    const { url, keyId } = gateway.keyFor(RESOURCE_A);
    const client = clientFor(url);
    const address = email();
    const failure = await rejectionOf(
      client.$transaction(async (tx) => {
        await tx.user.create({ data: { email: address } });
        gateway.keys.removeKey(keyId); // the key is deleted while the transaction is open
        await tx.user.count();
      }),
    );
    expect(failure.code).toBe("P6002");
    expect(gateway.engine.stats().transactions).toBe(0);
    expect(await prisma.user.count({ where: { email: address } })).toBe(0);
    // And outside a transaction, from the next query on.
    expect((await rejectionOf(client.user.count())).code).toBe("P6002");
  });
});

describe("what a transaction is bound to", () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    const [a, b] = postgresUrls();
    gateway = await startTestGateway({ [RESOURCE_A]: { kind: "postgres", url: a }, [RESOURCE_B]: { kind: "postgres", url: b } }, { instanceId: "gw-test" });
  });
  afterAll(() => gateway.close());

  const start = async (key: string) => {
    const answer = await accelerateRequest(gateway.port, "/transaction/start", { key, body: { timeout: 5_000, maxWait: 2_000 } });
    expect(answer.status).toBe(200);
    return answer;
  };

  it("names this process in the id, the machine-hint header and a cookie, and the id is random", async () => {
    const { key } = gateway.keyFor(RESOURCE_A);
    const answers = await Promise.all([start(key), start(key)]);
    for (const answer of answers) {
      expect(answer.json.id).toMatch(/^gw-test\.[0-9A-Za-z]{32}$/);
      expect(answer.headers["accelerate-query-engine-jwt"]).toBe("gw-test");
      expect(answer.headers["set-cookie"]?.[0]).toBe(`${INSTANCE_COOKIE}=gw-test; Path=/; HttpOnly; SameSite=Strict`);
      expect((await accelerateRequest(gateway.port, `/transaction/${answer.json.id}/rollback`, { key })).status).toBe(200);
    }
    expect(answers[0]!.json.id).not.toBe(answers[1]!.json.id);
  });

  it("refuses another key of the same resource, and a key of another resource, as 'not found'", async () => {
    const owner = gateway.keyFor(RESOURCE_A);
    const sameResource = gateway.keyFor(RESOURCE_A);
    const otherResource = gateway.keyFor(RESOURCE_B);
    const { id } = (await start(owner.key)).json;
    const unknown = await accelerateRequest(gateway.port, `/transaction/gw-test.${"x".repeat(32)}/commit`, { key: owner.key });
    expect(unknown).toMatchObject({ status: 409, json: { code: "P2028" } });
    for (const stranger of [sameResource, otherResource]) {
      for (const action of ["query", "commit", "rollback"]) {
        const body = action === "query" ? rawPlan("SELECT 1 AS one") : undefined;
        const answer = await accelerateRequest(gateway.port, `/transaction/${id}/${action}`, { key: stranger.key, body });
        expect(answer).toMatchObject({ status: 409, json: { code: "P2028", message: unknown.json.message } });
        expect(answer.headers["prisma-error-code"]).toBe("P2028");
      }
    }
    // Still the owner's, untouched.
    const query = await accelerateRequest(gateway.port, `/transaction/${id}/query`, { key: owner.key, body: rawPlan("SELECT $1::text AS word", "mine") });
    expect(query).toMatchObject({ status: 200 });
    expect(JSON.stringify(query.json.data)).toContain("mine");
    expect((await accelerateRequest(gateway.port, `/transaction/${id}/commit`, { key: owner.key })).status).toBe(200);
  });

  it("says where a transaction of another gateway process lives", async () => {
    const { key } = gateway.keyFor(RESOURCE_A);
    const answer = await accelerateRequest(gateway.port, `/transaction/gw-other.${"a".repeat(32)}/query`, { key, body: rawPlan("SELECT 1") });
    expect(answer.json.code).toBe("P2028");
    expect(answer.json.message).toContain("started on gw-other");
    expect(answer.json.message).toContain("sticky");
  });

  it("rolls back a key's open transactions when the key is revoked (key event), mid-transaction", async () => {
    const { key, keyId } = gateway.keyFor(RESOURCE_A, "proj_revoked000000001");
    const address = email();
    const { id } = (await start(key)).json;
    const insert = rawPlan(`INSERT INTO "User" ("email") VALUES ($1) RETURNING "email"`, address);
    expect((await accelerateRequest(gateway.port, `/transaction/${id}/query`, { key, body: insert })).status).toBe(200);
    gateway.engine.applyKeyEvent(keyRevoked({ keyId }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gateway.engine.stats().transactions).toBe(0);
    const late = await accelerateRequest(gateway.port, `/transaction/${id}/commit`, { key });
    expect(late.json.code).toBe("P2028");
    const check = clientFor(gateway.keyFor(RESOURCE_A).url);
    expect(await check.user.count({ where: { email: address } })).toBe(0);
  });

  it("rolls back the open transactions of a deleted project's keys (key event)", async () => {
    const { key } = gateway.keyFor(RESOURCE_A, "proj_doomed0000000001");
    const other = gateway.keyFor(RESOURCE_A, "proj_kept00000000001");
    const doomed = (await start(key)).json.id;
    const kept = (await start(other.key)).json.id;
    gateway.engine.applyKeyEvent(keyRevoked({ projectId: "proj_doomed0000000001" }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gateway.engine.stats().transactions).toBe(1);
    expect((await accelerateRequest(gateway.port, `/transaction/${doomed}/commit`, { key })).json.code).toBe("P2028");
    expect((await accelerateRequest(gateway.port, `/transaction/${kept}/commit`, { key: other.key })).status).toBe(200);
  });

  it("rolls back the transaction of a key refused by the router (the event was missed)", async () => {
    const { key, keyId } = gateway.keyFor(RESOURCE_A);
    const { id } = (await start(key)).json;
    gateway.keys.removeKey(keyId);
    const refused = await accelerateRequest(gateway.port, `/transaction/${id}/commit`, { key });
    expect(refused.json.code).toBe("P6002");
    expect(gateway.engine.stats().transactions).toBe(0);
  });
});
