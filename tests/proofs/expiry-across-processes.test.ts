import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as rollRoute } from "@/app/api/v1/api-keys/[id]/roll/route";
import { createApiKey } from "@/lib/server/data/api-keys";
import { makeTenant, unique } from "../support/factories";
import { testGateway } from "../support/gateway";
import { call, personalToken } from "../integration/api/client";
import { startGatewayProcess, steadyLoad, tally, untilEach, warmCaches, type GatewayProcess, type Sample } from "./support";

// Issue 11's proofs of expiry at the instant: two gateway processes (`npm run gateway`) on one
// PostgreSQL database, both serving the key from their caches, under steady load. No event is sent
// when a key expires: each process checks the cached expiresAt on every use, so every verification
// that starts at or after the instant is refused by both. A roll moves the old key's expiry to its
// grace deadline (an event does carry that), and the same holds at that deadline.

const databaseUrl = () => process.env.DATABASE_URL ?? "";
let gateways: GatewayProcess[] = [];

beforeAll(async () => {
  await testGateway({ port: null }); // this process writes (and hears) events, like the Console
  const unlimited = { GATEWAY_FAILED_VERIFY_BURST: "1000000000", GATEWAY_FAILED_VERIFY_PER_SECOND: "1000000000" };
  gateways = await Promise.all([startGatewayProcess(databaseUrl(), unlimited), startGatewayProcess(databaseUrl(), unlimited)]);
});

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.stop()));
});

/** Load on both gateways across `instant` (epoch ms): plenty accepted before, only 401s from it on. */
async function acrossInstant(key: string, instant: () => number) {
  const urls = gateways.map((gateway) => gateway.url);
  const load = steadyLoad(urls, key);
  await untilEach(load.samples, urls, (sample) => sample.status === 200, 21);
  await untilEach(load.samples, urls, (sample) => sample.wallAt >= instant(), 21, 30_000);
  const samples = await load.stop();
  const before = tally(samples, (sample: Sample) => sample.wallAt < instant());
  const after = tally(samples, (sample: Sample) => sample.wallAt >= instant());
  for (const url of urls) {
    expect(before[url]?.[200] ?? 0, `accepted before the instant by ${url}`).toBeGreaterThan(20);
    expect(Object.keys(after[url] ?? {}), `statuses from the instant on at ${url}`).toEqual(["401"]);
    expect(after[url]?.[401] ?? 0).toBeGreaterThan(20);
  }
}

async function verifyBody(url: string, key: string) {
  const response = await fetch(`${url}/api/v1/keys/verify`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ key }) });
  return { status: response.status, body: await response.json() };
}

describe("expiry across gateway processes", () => {
  it("a cached key is refused by both processes from its expiresAt on: 0 accepts after the instant", async () => {
    const tenant = await makeTenant();
    const expiresAt = new Date(Date.now() + 4_000);
    const { plaintext } = await createApiKey(tenant.owner.actor, { resourceId: tenant.resourceId, name: unique("expiring"), expiresAt });
    await warmCaches(gateways.map((gateway) => gateway.url), plaintext);
    await acrossInstant(plaintext, () => expiresAt.getTime());
    for (const gateway of gateways) {
      expect(await verifyBody(gateway.url, plaintext)).toEqual({
        status: 401,
        body: { valid: false, code: "EXPIRED", message: `The provided API Key is invalid. Reason: the key expired on ${expiresAt.toISOString()}.` },
      });
    }
  });

  it("roll: the old key works on both until the grace deadline, then 0 accepts; the new key works on both", async () => {
    const tenant = await makeTenant();
    const token = await personalToken(tenant.owner.actor);
    const old = await createApiKey(tenant.owner.actor, { resourceId: tenant.resourceId, name: unique("rolled"), expiresAt: null });
    const urls = gateways.map((gateway) => gateway.url);
    await warmCaches(urls, old.plaintext);
    const rolled = await call(rollRoute, "POST", { token, id: old.apiKey.id, body: { gracePeriod: "4s" } });
    expect(rolled.status).toBe(201);
    const deadline = Date.parse(rolled.json.data.rolled.expiresAt);
    expect(deadline).toBeGreaterThan(Date.now());
    await acrossInstant(old.plaintext, () => deadline);
    for (const url of urls) {
      expect((await verifyBody(url, old.plaintext)).body.code).toBe("EXPIRED");
      expect(await verifyBody(url, rolled.json.data.value)).toMatchObject({ status: 200, body: { valid: true, keyId: rolled.json.data.id } });
    }
  });
});
