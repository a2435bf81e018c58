import { performance } from "node:perf_hooks";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as deleteApiKeyRoute } from "@/app/api/v1/api-keys/[id]/route";
import { DELETE as deleteResourceRoute } from "@/app/api/v1/environments/[id]/route";
import { makeApiKey, makeTenant } from "../support/factories";
import { testGateway } from "../support/gateway";
import { call, personalToken } from "../integration/api/client";
import { health, startGatewayProcess, steadyLoad, tally, untilEach, verifyOnce, warmCaches, type GatewayProcess } from "./support";

// Issue 4's proof of instant revocation on every instance: two gateway processes (`npm run
// gateway`) on one PostgreSQL database, both caching, under steady load; the key is deleted
// through the REST API (its handler runs in this process, as in the Console). Every verification
// that starts after the DELETE returned must be refused by both processes.

const databaseUrl = () => process.env.DATABASE_URL ?? "";
let gateways: GatewayProcess[] = [];

beforeAll(async () => {
  // This process is the writer: like the Console, it listens too, and waits for acknowledgements.
  await testGateway({ port: null });
  // The failed-verification limit is proven elsewhere; here every refusal must be a plain 401.
  const unlimited = { GATEWAY_FAILED_VERIFY_BURST: "1000000000", GATEWAY_FAILED_VERIFY_PER_SECOND: "1000000000" };
  gateways = await Promise.all([startGatewayProcess(databaseUrl(), unlimited), startGatewayProcess(databaseUrl(), unlimited)]);
});

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.stop()));
});

// Warms both caches with the key and checks that both really serve it from memory.
const warm = (key: string) => warmCaches(gateways.map((gateway) => gateway.url), key);

async function deleteUnderLoad(key: string, remove: () => Promise<{ status: number }>) {
  const urls = gateways.map((gateway) => gateway.url);
  const load = steadyLoad(urls, key);
  // Counts, not fixed times: on a busy machine fewer requests fit into a second.
  await untilEach(load.samples, urls, (sample) => sample.status === 200, 21);
  const response = await remove();
  const deletedAt = performance.now();
  expect(response.status).toBe(200);
  await untilEach(load.samples, urls, (sample) => sample.startedAt >= deletedAt, 21);
  const samples = await load.stop();

  const before = tally(samples, (sample) => sample.startedAt < deletedAt);
  const after = tally(samples, (sample) => sample.startedAt >= deletedAt);
  for (const gateway of gateways) {
    // Accepted before (the cache was in use) …
    expect(before[gateway.url]?.[200] ?? 0, `accepted before the delete by ${gateway.url}`).toBeGreaterThan(20);
    // … and from the moment the delete returned, refused: only 401s, and plenty of them.
    expect(Object.keys(after[gateway.url] ?? {}), `statuses after the delete at ${gateway.url}`).toEqual(["401"]);
    expect(after[gateway.url]?.[401] ?? 0).toBeGreaterThan(20);
  }
}

describe("revocation across gateway processes", () => {
  it("DELETE /api-keys/{id}: both processes refuse the key from the moment the response returns", async () => {
    const tenant = await makeTenant();
    const token = await personalToken(tenant.owner.actor);
    const { apiKey, plaintext } = await makeApiKey(tenant);
    await warm(plaintext);
    await deleteUnderLoad(plaintext, () => call(deleteApiKeyRoute, "DELETE", { token, id: apiKey.id }));
  });

  it("DELETE /environments/{id}: the resource's keys (a cascade in the database) are refused at once too", async () => {
    const tenant = await makeTenant();
    const token = await personalToken(tenant.owner.actor);
    const { plaintext } = await makeApiKey(tenant);
    await warm(plaintext);
    await deleteUnderLoad(plaintext, () => call(deleteResourceRoute, "DELETE", { token, id: tenant.resourceId }));
  });

  it("a gateway whose LISTEN connection is cut empties its cache, reads the database meanwhile, then listens again", async () => {
    const tenant = await makeTenant();
    const { plaintext } = await makeApiKey(tenant);
    await warm(plaintext);
    const [cut, other] = gateways as [GatewayProcess, GatewayProcess];
    const admin = new pg.Client({ connectionString: databaseUrl() });
    await admin.connect();
    try {
      const instanceOf = async (gateway: GatewayProcess) => (await health(gateway.url)).instanceId;
      const { rowCount } = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [
        `platform-keys:${await instanceOf(cut)}`,
      ]);
      expect(rowCount).toBe(1);
      await expect.poll(() => health(cut.url).then((h) => h.cache), { timeout: 5_000 }).toEqual({ enabled: false, keys: 0 });
      await expect.poll(() => health(other.url).then((h) => h.cache.enabled), { timeout: 5_000 }).toBe(true);
      expect(await verifyOnce(cut.url, plaintext)).toBe(200);
      // Back by itself (backoff ≤ 2 s), and caching again.
      await expect.poll(() => health(cut.url).then((h) => h.cache.enabled), { timeout: 10_000 }).toBe(true);
      await warmCaches([cut.url], plaintext);
    } finally {
      await admin.end();
    }
  });
});
