import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyRevoked } from "@/lib/gateway/key-events";
import { accelerateRequest, clientFor, postgresUrls, rejectionOf, startTestGateway, type TestGateway } from "../support/accelerate-client/harness";

// One bounded pool per resource: idle pools close, at most GATEWAY_MAX_POOLS exist (the least
// recently used idle one makes room; when none is idle the request is refused, P5011), the pool
// never holds more than GATEWAY_POOL_SIZE connections, and a resource event closes its pool.

const RESOURCES = ["db_p000000000000001", "db_p000000000000002", "db_p000000000000003"];
let gateway: TestGateway;
let watcher: pg.Client;

beforeAll(async () => {
  const url = postgresUrls()[1];
  gateway = await startTestGateway(Object.fromEntries(RESOURCES.map((id) => [id, { kind: "postgres", url }])), {
    limits: { maxPools: 2, poolSize: 2, poolIdleMs: 1_000 },
  });
  watcher = new pg.Client({ connectionString: url });
  await watcher.connect();
});
afterAll(async () => {
  await gateway.close();
  await watcher.end();
});

const gatewayConnections = async () =>
  (await watcher.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'platform-gateway' AND datname = current_database()`)).rows[0].n as number;

describe("pools", () => {
  it("keeps a pool to its size under 6 concurrent queries", async () => {
    const prisma = clientFor(gateway.keyFor(RESOURCES[0]!).url);
    const sleeps = Array.from({ length: 6 }, () => prisma.$queryRaw`SELECT pg_sleep(0.3)::text AS slept`);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await gatewayConnections()).toBeLessThanOrEqual(2);
    await Promise.all(sleeps);
  });

  it("makes room by closing the least recently used idle pool, and refuses when every pool is busy", async () => {
    const [first, second, third] = RESOURCES.map((id) => gateway.keyFor(id));
    await clientFor(first!.url).user.count();
    await clientFor(second!.url).user.count();
    expect(gateway.engine.stats().pools).toBe(2);
    await clientFor(third!.url).user.count(); // closes the first one's pool
    expect(gateway.engine.stats().pools).toBe(2);

    // Both pools busy with an open transaction: a third resource cannot get one.
    const open = await Promise.all([second, third].map((key) => accelerateRequest(gateway.port, "/transaction/start", { key: key!.key, body: { timeout: 5_000, maxWait: 2_000 } })));
    const refused = await rejectionOf(clientFor(first!.url).user.count());
    expect(refused.code).toBe("P5011");
    for (const [index, key] of [second, third].entries()) {
      await accelerateRequest(gateway.port, `/transaction/${open[index]!.json.id}/rollback`, { key: key!.key });
    }
    expect(typeof (await clientFor(first!.url).user.count())).toBe("number");
  });

  it("closes pools that stayed idle, and a resource's pool when the resource changes", async () => {
    await clientFor(gateway.keyFor(RESOURCES[0]!).url).user.count();
    gateway.engine.applyKeyEvent(keyRevoked({ resourceId: RESOURCES[0]! }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = gateway.engine.stats().pools;
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect(gateway.engine.stats().pools).toBeLessThan(Math.max(before, 1));
    expect(gateway.engine.stats().pools).toBe(0);
    expect(await gatewayConnections()).toBe(0);
  });
});
