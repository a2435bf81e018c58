import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as listWorkspaces } from "@/app/api/v1/workspaces/route";
import { personalTokens } from "@/lib/keys/access-token";
import { makeTenant } from "../support/factories";
import { call, personalToken } from "../integration/api/client";
import { createCluster, type Cluster } from "./throwaway-cluster";

// Issue 13, item 2, for the REST API's handlers in this process (the Console's process is proven
// in e2e/database-outage.spec.ts): the database, a throwaway PostgreSQL cluster, is stopped
// (pg_ctl -m immediate). Every request answers 503 `service-unavailable` with Retry-After (not a
// 500), the log gets one line for all of them, an unknown token whose check could not run counts
// nothing against its address, and once the cluster is back the API answers 200 by itself.

const REQUESTS = 40;
const ADDRESS = "192.0.2.77";
let cluster: Cluster;

beforeAll(async () => {
  cluster = await createCluster();
  // Before the first db(): this file's Console talks to the throwaway cluster.
  process.env.DATABASE_URL = cluster.url;
});

afterAll(() => cluster?.destroy());

describe("the REST API while the database is down", () => {
  it("answers 503 with Retry-After, logs one line for all requests, counts no failed token, and recovers by itself", async () => {
    const tenant = await makeTenant();
    const token = await personalToken(tenant.owner.actor);
    const stranger = personalTokens.generate().plaintext;
    const fromOneAddress = { headers: { "x-platform-client-ip": ADDRESS } };
    expect((await call(listWorkspaces, "GET", { token })).status).toBe(200);

    const lines: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
    cluster.stop("immediate");
    let restartedAt = 0;
    try {
      for (let i = 0; i < REQUESTS; i++) {
        const response = await call(listWorkspaces, "GET", { token });
        expect(response.status).toBe(503);
        expect(response.headers.get("retry-after")).toBe("5");
        expect(response.headers.get("cache-control")).toBe("no-store");
        expect(response.json.error).toEqual({
          code: "service-unavailable",
          message: "The service is unavailable right now.",
          hint: expect.stringContaining("Retry-After"),
        });
      }
      // More unknown tokens than the address's budget of 20: had they counted, the next one is a 429.
      for (let i = 0; i < 25; i++) expect((await call(listWorkspaces, "GET", { token: stranger, ...fromOneAddress })).status).toBe(503);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^\[platform-console\] The database is unavailable \(.+, first seen in GET \/api\/v1\/test\): answering "service unavailable" until it is back\.$/);
    } finally {
      cluster.start();
      restartedAt = performance.now();
    }

    // Recovery without a restart: polled, so a busy machine only makes it slower, never wrong.
    let status = 0;
    while (status !== 200 && performance.now() - restartedAt < 10_000) {
      status = (await call(listWorkspaces, "GET", { token })).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const recoveredAfterMs = Math.round(performance.now() - restartedAt);
    await vi.waitFor(() => expect(lines.filter((line) => line.includes("The database is back after"))).toHaveLength(1), { timeout: 5_000 });
    spy.mockRestore();
    console.log(`[REST outage proof] ${REQUESTS + 25} requests during the outage, ${lines.length} log lines: ${JSON.stringify(lines)}; 200 again ${recoveredAfterMs} ms after pg_ctl start returned`);
    expect(status).toBe(200);
    expect(recoveredAfterMs).toBeLessThan(5_000);
    expect(lines).toHaveLength(2);
    expect((await call(listWorkspaces, "GET", { token: stranger, ...fromOneAddress })).status).toBe(401);
  });
});
