import { performance } from "node:perf_hooks";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiKey } from "@/lib/keys/api-key";
import { sleep, startGatewayProcess, steadyLoad, tally, verifyOnce, type GatewayProcess } from "./support";
import { createCluster, type Cluster } from "./throwaway-cluster";

// Issue 4's fail-closed proof: a gateway process under steady load with a valid, cached key; the
// database is killed (pg_ctl stop -m immediate on a throwaway cluster). From then on: only 503s,
// never an accept, never a "not found". After a restart, the key verifies again by itself.

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
  it("answers only 503 while it is down (0 accepts), and verifies again once it is back", async () => {
    expect(await verifyOnce(gateway.url, key)).toBe(200);
    const load = steadyLoad([gateway.url], key);
    await sleep(400);
    cluster.stop("immediate");
    const killedAt = performance.now();
    await sleep(1_500);
    const downUntil = performance.now();
    cluster.start();
    const restartedAt = performance.now();

    // Recovery: keep the load on until the key is accepted again (bounded).
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !load.samples.some((s) => s.startedAt > restartedAt && s.status === 200)) await sleep(100);
    const samples = await load.stop();

    const before = tally(samples, (s) => s.startedAt < killedAt)[gateway.url] ?? {};
    const down = tally(samples, (s) => s.startedAt >= killedAt && s.startedAt < downUntil)[gateway.url] ?? {};
    const after = tally(samples, (s) => s.startedAt >= restartedAt)[gateway.url] ?? {};
    expect(before[200] ?? 0).toBeGreaterThan(20);
    expect(Object.keys(down), `statuses while the database was down: ${JSON.stringify(down)}`).toEqual(["503"]);
    expect(down[503]).toBeGreaterThan(20);
    expect(after[200] ?? 0, `statuses after the restart: ${JSON.stringify(after)}`).toBeGreaterThan(0);
    expect(Object.keys(after).filter((status) => status !== "200" && status !== "503")).toEqual([]);
    expect(gateway.output()).not.toContain(key);
  });
});
