import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as deleteApiKeyRoute } from "@/app/api/v1/api-keys/[id]/route";
import { KEY_LEASE_MS } from "@/lib/gateway/lease";
import { makeApiKey, makeTenant } from "../support/factories";
import { testGateway } from "../support/gateway";
import { call, personalToken } from "../integration/api/client";
import { StallingProxy } from "./stalling-proxy";
import { health, sleep, startGatewayProcess, steadyLoad, tally, untilEach, verifyOnce, warmCaches, type GatewayProcess } from "./support";

// Issue 8's proof of instant revocation with a stalled listener: two gateway processes on one
// PostgreSQL database, both caching under steady load; B reaches the database through a proxy that
// stalls exactly B's LISTEN connection (held open, nothing forwarded either way), so B never hears
// the delete. Then the key is deleted through the REST API at once. Required: 0 accepted
// verifications that started after the DELETE returned, on either process; the DELETE waits at most
// about one lease L for B; B stops caching within about L of the stall; and B caches again after the
// stall ends or after it replaced the connection by itself.

const databaseUrl = () => process.env.DATABASE_URL ?? "";
const unlimited = { GATEWAY_FAILED_VERIFY_BURST: "1000000000", GATEWAY_FAILED_VERIFY_PER_SECOND: "1000000000" };
let proxy: StallingProxy;
let a: GatewayProcess;
let b: GatewayProcess;

beforeAll(async () => {
  // This process is the writer: like the Console, it listens too, and waits for acknowledgements.
  await testGateway({ port: null });
  const front = await StallingProxy.inFrontOf(databaseUrl());
  proxy = front.proxy;
  [a, b] = await Promise.all([startGatewayProcess(databaseUrl(), unlimited), startGatewayProcess(front.url, unlimited)]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await proxy?.close();
});

const cachingOf = async (gateway: GatewayProcess) => (await health(gateway.url)).cache.enabled;

const warm = (key: string) => warmCaches([a.url, b.url], key);

/** When B's /health first says caching is off, polling every 25 ms from now. */
async function whenCachingOff(gateway: GatewayProcess, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (!(await cachingOf(gateway))) return performance.now();
    await sleep(25);
  }
  throw new Error(`${gateway.url} still caching after ${timeoutMs} ms`);
}

describe("a stalled LISTEN connection", () => {
  it("DELETE under load with B's listener stalled: 0 accepts after it returned, on both; it waited at most ~L", async () => {
    const tenant = await makeTenant();
    const token = await personalToken(tenant.owner.actor);
    const { apiKey, plaintext } = await makeApiKey(tenant);
    await warm(plaintext);
    expect(proxy.counts.listening).toBe(1);

    const load = steadyLoad([a.url, b.url], plaintext);
    // Both serve the key under load before the stall (counts, not a fixed time: the machine may be busy).
    await untilEach(load.samples, [a.url, b.url], (sample) => sample.status === 200, 21);
    expect(proxy.stallListeners()).toBe(1);
    const stalledAt = performance.now();
    const cachingOff = whenCachingOff(b, 5_000);
    const response = await call(deleteApiKeyRoute, "DELETE", { token, id: apiKey.id });
    const deletedAt = performance.now();
    expect(response.status).toBe(200);
    await untilEach(load.samples, [a.url, b.url], (sample) => sample.startedAt >= deletedAt, 21);
    const samples = await load.stop();

    const before = tally(samples, (sample) => sample.startedAt < stalledAt);
    const after = tally(samples, (sample) => sample.startedAt >= deletedAt);
    for (const gateway of [a, b]) {
      expect(before[gateway.url]?.[200] ?? 0, `accepted before the stall by ${gateway.url}`).toBeGreaterThan(20);
      expect(Object.keys(after[gateway.url] ?? {}), `statuses after the delete at ${gateway.url}`).toEqual(["401"]);
      expect(after[gateway.url]?.[401] ?? 0).toBeGreaterThan(20);
    }
    // The writer waited for B's lease (it could not hear B's acknowledgement), and no longer than
    // about L (the margin is for a machine busy with other work).
    expect(deletedAt - stalledAt).toBeGreaterThanOrEqual(KEY_LEASE_MS - 50);
    expect(deletedAt - stalledAt).toBeLessThan(KEY_LEASE_MS + 1_500);
    // B noticed by itself: caching off within about L of the stall.
    expect((await cachingOff) - stalledAt).toBeLessThan(KEY_LEASE_MS + 1_500);

    // Still stalled: B replaces the silent connection by itself (a new one, not stalled) and caches again.
    await expect.poll(() => cachingOf(b), { timeout: 10_000, interval: 100 }).toBe(true);
    expect(b.output()).toContain("reconnecting");
    const { plaintext: fresh } = await makeApiKey(tenant);
    await warmCaches([b.url], fresh);
    expect(b.output()).not.toContain(plaintext);
  });

  it("when the stall ends before B gives the connection up, B caches again on it", async () => {
    const { plaintext } = await makeApiKey(await makeTenant());
    await warm(plaintext);
    const reconnects = b.output().split("reconnecting").length;
    expect(proxy.stallListeners()).toBe(1);
    await whenCachingOff(b, 3_000);
    expect(await verifyOnce(b.url, plaintext)).toBe(200); // from the database meanwhile
    proxy.resume();
    await expect.poll(() => cachingOf(b), { timeout: 5_000, interval: 50 }).toBe(true);
    expect(b.output().split("reconnecting").length).toBe(reconnects);
    await warmCaches([b.url], plaintext);
  });
});
