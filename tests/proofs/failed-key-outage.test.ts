import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiKey } from "@/lib/keys/api-key";
import { sleep, startGatewayProcess, verifyOnce, type GatewayProcess } from "./support";
import { createCluster, type Cluster } from "./throwaway-cluster";

// Issue 13, item 3, for the gateway's failed-verification budget (`npm run gateway`, a real
// process): unknown keys whose lookup could not run (the database, a throwaway cluster, is down)
// are answered 503 and cost the address nothing. The budget is 20 with next to no refill, so had
// the 25 lookups during the outage counted, every unknown key after the restart would be a 429.
// (The REST API's failed-token limit and the sign-in throttle: tests/proofs/rest-outage.test.ts,
// tests/proofs/sign-in-outage.test.ts and e2e/database-outage.spec.ts.)

let cluster: Cluster;
let gateway: GatewayProcess;

beforeAll(async () => {
  cluster = await createCluster();
  gateway = await startGatewayProcess(cluster.url, { GATEWAY_FAILED_VERIFY_BURST: "20", GATEWAY_FAILED_VERIFY_PER_SECOND: "0.0001" });
});

afterAll(async () => {
  await gateway?.stop();
  cluster?.destroy();
});

describe("unknown keys during a database outage", () => {
  it("are 503s that count nothing: after the restart the address still has its whole budget", async () => {
    const unknown = () => generateApiKey().plaintext;
    expect(await verifyOnce(gateway.url, unknown())).toBe(401);

    cluster.stop("immediate");
    const during: number[] = [];
    for (let i = 0; i < 25; i++) during.push(await verifyOnce(gateway.url, unknown()));
    cluster.start();
    expect(during).toEqual(Array(25).fill(503));

    // Back by itself (polled: the pool reconnects on the next lookup).
    let status = 503;
    for (let attempt = 0; attempt < 100 && status === 503; attempt++) {
      status = await verifyOnce(gateway.url, unknown());
      if (status === 503) await sleep(100);
    }
    expect(status).toBe(401);
    // 1 before, 1 just now: 18 tokens left, and every one is a plain 401.
    const after: number[] = [];
    for (let i = 0; i < 18; i++) after.push(await verifyOnce(gateway.url, unknown()));
    expect(after).toEqual(Array(18).fill(401));
    expect(await verifyOnce(gateway.url, unknown())).toBe(429);
  });
});
