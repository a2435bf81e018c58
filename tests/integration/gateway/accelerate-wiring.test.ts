import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "@/lib/gateway/gateway";
import { DEFAULT_HTTP_SERVER_LIMITS } from "@/lib/net/http-server-limits";
import { deleteApiKey } from "@/lib/server/data/api-keys";
import { removeResourceConnection, setResourceConnection } from "@/lib/server/data/resource-connections";
import { accelerateRequest, clientFor, rejectionOf } from "../../support/accelerate-client/harness";
import { makeApiKey, makeTenant, type Tenant } from "../../support/factories";
import { testGateway } from "../../support/gateway";
import { createThrowawayDatabases, withClient, type ThrowawayDatabases } from "../../support/throwaway-databases";

// The router wired to the query engine, as `npm start` and `npm run gateway` run it: keys and
// connection strings created through the Console's own data layer (on this project's Console
// database, PGlite or PostgreSQL), the real gateway (verifier, cache, key events, query engine) on a
// port, and a real Prisma Client 7 given the snippet's URL. The resources' databases are two
// throwaway PostgreSQL databases.

process.env.PLATFORM_ENCRYPTION_KEY = randomBytes(32).toString("base64"); // read on first use, by the Console and the gateway alike

const schemaSql = fs.readFileSync(path.resolve(import.meta.dirname, "../../support/accelerate-client/schema.sql"), "utf8");
let databases: ThrowawayDatabases;
let gateway: Gateway;

beforeAll(async () => {
  databases = await createThrowawayDatabases("platform_wiring", 2, schemaSql);
  gateway = await testGateway();
});
afterAll(() => databases?.drop());

type KeyedResource = { tenant: Tenant; key: string; keyId: string; url: string };

/** A database resource whose connection string points at `databaseUrl`, and a key of it. */
async function resourceOn(databaseUrl: string): Promise<KeyedResource> {
  const tenant = await makeTenant();
  await setResourceConnection(tenant.owner.actor, { resourceId: tenant.resourceId, connectionString: databaseUrl });
  return { tenant, ...(await keyOf(tenant)) };
}

async function keyOf(tenant: Tenant) {
  const { apiKey, plaintext } = await makeApiKey(tenant);
  return { key: plaintext, keyId: apiKey.id, url: `prisma+postgres://127.0.0.1:${gateway.port}/?api_key=${plaintext}` };
}

const currentDatabase = async (client: ReturnType<typeof clientFor>) =>
  (await client.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`)[0]!.name;

const usersWithEmail = (databaseUrl: string, email: string) =>
  withClient(databaseUrl, async (client) => (await client.query(`SELECT 1 FROM "User" WHERE "email" = $1`, [email])).rowCount);

describe("the gateway runs a verified key's queries", () => {
  it("on its own resource's database, and a key of another resource only on that one's", async () => {
    const [a, b] = [await resourceOn(databases.urls[0]!), await resourceOn(databases.urls[1]!)];
    const [clientA, clientB] = [clientFor(a.url), clientFor(b.url)];
    const email = `${randomUUID().slice(0, 8)}@example.com`;
    await clientA.user.create({ data: { email, posts: { create: { title: "only in A" } } } });

    expect(await currentDatabase(clientA)).toBe(databases.names[0]);
    expect(await currentDatabase(clientB)).toBe(databases.names[1]);
    expect(await clientA.user.findUnique({ where: { email }, include: { posts: true } })).toMatchObject({ email, posts: [{ title: "only in A" }] });
    expect(await clientB.user.count({ where: { email } })).toBe(0);
    expect(await usersWithEmail(databases.urls[1]!, email)).toBe(0);
  });

  it("on the connection the Console holds now: replaced, the next query goes to the new database; removed, P6010", async () => {
    const a = await resourceOn(databases.urls[0]!);
    const client = clientFor(a.url);
    expect(await currentDatabase(client)).toBe(databases.names[0]);
    await setResourceConnection(a.tenant.owner.actor, { resourceId: a.tenant.resourceId, connectionString: databases.urls[1]! });
    expect(await currentDatabase(client)).toBe(databases.names[1]);
    await removeResourceConnection(a.tenant.owner.actor, { resourceId: a.tenant.resourceId });
    const failure = await rejectionOf(client.user.count());
    expect(failure).toMatchObject({ code: "P6010", message: expect.stringContaining("has no database connection") });
  });

  it("in transactions bound to the key that started them: another key, of the same resource or not, gets 'not found'", async () => {
    const a = await resourceOn(databases.urls[0]!);
    const sameResource = await keyOf(a.tenant);
    const other = await resourceOn(databases.urls[1]!);
    const started = await accelerateRequest(gateway.port!, "/transaction/start", { key: a.key, body: { timeout: 5_000, maxWait: 2_000 } });
    expect(started.status).toBe(200);
    const id = started.json.id as string;
    for (const key of [sameResource.key, other.key]) {
      const answer = await accelerateRequest(gateway.port!, `/transaction/${id}/commit`, { key, body: {} });
      expect(answer).toMatchObject({ status: 409, json: { code: "P2028", message: expect.stringContaining("Transaction not found") } });
    }
    expect(await accelerateRequest(gateway.port!, `/transaction/${id}/commit`, { key: a.key, body: {} })).toMatchObject({ status: 200 });
  });
});

describe("a key deleted in the Console", () => {
  it("while its interactive transaction is open: the transaction's next request gets P6002 and the transaction is rolled back", async () => {
    const a = await resourceOn(databases.urls[0]!);
    const client = clientFor(a.url);
    const email = `${randomUUID().slice(0, 8)}@example.com`;
    let insideTransaction = 0;
    let openAfterDelete = -1;
    const failure = await rejectionOf(
      client.$transaction(async (tx) => {
        await tx.user.create({ data: { email } });
        insideTransaction = await tx.user.count({ where: { email } });
        await deleteApiKey(a.tenant.owner.actor, { apiKeyId: a.keyId });
        // The delete's key event reached the engine before the action returned: rolled back already.
        openAfterDelete = gateway.engine.stats().transactions;
        await tx.user.count();
      }),
    );
    expect(insideTransaction).toBe(1); // the row existed inside the transaction…
    expect(openAfterDelete).toBe(0);
    // No connection of the gateway's is left inside a transaction on that database.
    await expect
      .poll(() =>
        withClient(databases.urls[0]!, async (pg) =>
          (await pg.query(`SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND application_name = 'platform-gateway' AND state LIKE 'idle in transaction%'`, [databases.names[0]])).rowCount,
        ),
      )
      .toBe(0);
    expect(failure).toMatchObject({ code: "P6002", message: expect.stringContaining("The provided API Key is invalid") });
    expect(await usersWithEmail(databases.urls[0]!, email)).toBe(0); // …and is gone: rolled back
    expect(gateway.engine.stats().transactions).toBe(0);
    expect((await rejectionOf(client.user.count())).code).toBe("P6002");
  });
});

describe("fail closed", () => {
  it("when keys cannot be verified (the Console's database is down), a valid key's query gets 503 and runs nowhere", async () => {
    const a = await resourceOn(databases.urls[0]!);
    const closedPort = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    // The same key, sent to a gateway whose Console database does not answer.
    const down = await createGateway(
      { kind: "postgres", url: `postgresql://postgres@127.0.0.1:${closedPort}/console` },
      { port: 0, host: "127.0.0.1", trustProxy: false, failedVerifyBurst: 1_000, failedVerifyPerSecond: 1_000, cacheSize: 10, http: DEFAULT_HTTP_SERVER_LIMITS, log: () => {} },
    );
    try {
      const email = `${randomUUID().slice(0, 8)}@example.com`;
      const client = clientFor(`prisma+postgres://127.0.0.1:${down.port}/?api_key=${a.key}`);
      const failure = await rejectionOf(client.user.create({ data: { email } }));
      expect(failure).toMatchObject({ code: "P6008", message: expect.stringContaining("Key verification is temporarily unavailable, so no query was run") });
      const raw = await accelerateRequest(down.port!, "/query", { key: a.key, body: { operation: "count", plan: {}, params: {} } });
      expect(raw).toMatchObject({ status: 503, headers: { "retry-after": "1" } });
      expect(down.engine.stats()).toMatchObject({ pools: 0, transactions: 0, cache: { entries: 0, reads: 0 } });
      expect(await usersWithEmail(databases.urls[0]!, email)).toBe(0);
    } finally {
      await down.close();
    }
  });
});
