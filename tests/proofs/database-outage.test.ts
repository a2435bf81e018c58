import { performance } from "node:perf_hooks";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEY_LEASE_MS } from "@/lib/gateway/lease";
import { generateApiKey } from "@/lib/keys/api-key";
import { sleep, startGatewayProcess, steadyLoad, tally, verifyOnce, type GatewayProcess } from "./support";
import { createCluster, type Cluster } from "./throwaway-cluster";

// Issue 4's fail-closed proof: a gateway process under steady load with a valid, cached key; the
// database is killed (pg_ctl stop -m immediate on a throwaway cluster). From then on: never a
// "not found", and once the gateway's heartbeat lease (KEY_LEASE_MS) has run out, only 503s. Within
// that one lease a cached key may still be accepted: no revocation can commit while the database is
// down, and one that committed just before the kill is what the lease already covers (a writer does
// not return before every lease that did not acknowledge it ran out). After a restart, the key
// verifies again by itself.

let cluster: Cluster;
let gateway: GatewayProcess;
let key: string;

beforeAll(async () => {
  cluster = await createCluster();
  const generated = generateApiKey();
  key = generated.plaintext;
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  await client.query(`INSERT INTO "Workspace" (id, name) VALUES ('wksp_outage000000001', 'Outage')`);
  await client.query(`INSERT INTO "Project" (id, "workspaceId", name) VALUES ('proj_outage000000001', 'wksp_outage000000001', 'p')`);
  await client.query(
    `INSERT INTO "Resource" (id, "workspaceId", "projectId", kind, name) VALUES ('db_outage0000000001', 'wksp_outage000000001', 'proj_outage000000001', 'DATABASE', 'd')`,
  );
  await client.query(
    `INSERT INTO "ApiKey" (id, "workspaceId", "resourceId", name, digest, hint) VALUES ('key_outage000000001', 'wksp_outage000000001', 'db_outage0000000001', 'k', $1, $2)`,
    [generated.digest, generated.hint],
  );
  await client.end();
  gateway = await startGatewayProcess(cluster.url);
});

afterAll(async () => {
  await gateway?.stop();
  cluster?.destroy();
});

describe("the database goes away under load", () => {
  it("never answers \"not found\" while it is down, only 503 once the lease ran out, and verifies again once it is back", async () => {
    expect(await verifyOnce(gateway.url, key)).toBe(200);
    const load = steadyLoad([gateway.url], key);
    // Enough accepted verifications first (counted, not timed: a busy machine is slow to warm up).
    const warmDeadline = Date.now() + 15_000;
    while (Date.now() < warmDeadline && load.samples.filter((s) => s.status === 200).length <= 20) await sleep(50);
    cluster.stop("immediate");
    const killedAt = performance.now();
    await sleep(KEY_LEASE_MS + 1_500);
    const downUntil = performance.now();
    // A request that started within one lease (and a margin for a busy event loop) of the kill may
    // still have been answered from the cache.
    const leaseOverAt = killedAt + KEY_LEASE_MS + 250;
    cluster.start();
    const restartedAt = performance.now();

    // Recovery: keep the load on until the key is accepted again (bounded).
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !load.samples.some((s) => s.startedAt > restartedAt && s.status === 200)) await sleep(100);
    const samples = await load.stop();

    const before = tally(samples, (s) => s.startedAt < killedAt)[gateway.url] ?? {};
    const withinLease = tally(samples, (s) => s.startedAt >= killedAt && s.startedAt < leaseOverAt)[gateway.url] ?? {};
    const down = tally(samples, (s) => s.startedAt >= leaseOverAt && s.startedAt < downUntil)[gateway.url] ?? {};
    const after = tally(samples, (s) => s.startedAt >= restartedAt)[gateway.url] ?? {};
    expect(before[200] ?? 0).toBeGreaterThan(20);
    expect(Object.keys(withinLease).filter((status) => status !== "200" && status !== "503"), "within the lease").toEqual([]);
    expect(Object.keys(down), `statuses while the database was down: ${JSON.stringify(down)}`).toEqual(["503"]);
    expect(down[503]).toBeGreaterThan(20);
    expect(after[200] ?? 0, `statuses after the restart: ${JSON.stringify(after)}`).toBeGreaterThan(0);
    expect(Object.keys(after).filter((status) => status !== "200" && status !== "503")).toEqual([]);
    expect(gateway.output()).not.toContain(key);
  });
});
