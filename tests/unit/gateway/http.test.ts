import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { clientAddressOf, GatewayHandler } from "@/lib/gateway/http";
import { KeyVerifier } from "@/lib/gateway/verifier";
import { generateApiKey } from "@/lib/keys/api-key";
import { TokenBucketLimiter } from "@/lib/server/rate-limit";
import { FakeDatabase } from "../../support/fake-key-database";
import { requestGateway } from "../../support/http-client";

// The gateway's HTTP layer over an in-memory database: the failed-verification limiter per client
// address, and fail-closed answers. (Routes and bodies over a real database: tests/integration.)

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function serve(database: FakeDatabase, burst = 5) {
  const verifier = new KeyVerifier(database);
  const handler = new GatewayHandler({ verifier, limiter: new TokenBucketLimiter(burst, 1), trustProxy: false });
  const server = http.createServer(handler.handle);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return `http://127.0.0.1:${port}`;
}

describe("the failed-verification limit", () => {
  it("answers 429 with Retry-After once an address has used its burst, while another address still verifies", async () => {
    const database = new FakeDatabase();
    const { plaintext } = database.addKey();
    const url = await serve(database, 5);
    const attacker = { localAddress: "127.0.0.1" };
    const client = { localAddress: "127.0.0.2" };

    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const response = await requestGateway(url, "/api/v1/keys/verify", { body: { key: generateApiKey().plaintext }, ...attacker });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(Number(response.headers["retry-after"])).toBeGreaterThanOrEqual(1);
        expect(response.json).toMatchObject({ error: { code: "rate-limit-exceeded" } });
      }
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const queriesWhileLimited = database.queries;
    // The limited address gets 429 before any work, on the Accelerate paths too.
    expect(await requestGateway(url, "/connection-info", { bearer: "pcsk_x", ...attacker })).toMatchObject({ status: 429, json: { code: "RateLimited" } });
    expect(database.queries).toBe(queriesWhileLimited);

    expect(await requestGateway(url, "/api/v1/keys/verify", { body: { key: plaintext }, ...client })).toMatchObject({ status: 200, json: { valid: true } });
    expect(await requestGateway(url, "/connection-info", { bearer: plaintext, ...client })).toMatchObject({ status: 200 });
  });

  it("does not count successful verifications", async () => {
    const database = new FakeDatabase();
    const { plaintext } = database.addKey();
    const url = await serve(database, 2);
    for (let i = 0; i < 10; i++) {
      expect((await requestGateway(url, "/api/v1/keys/verify", { body: { key: plaintext } })).status).toBe(200);
    }
  });
});

describe("fail closed", () => {
  it("answers 503 with Retry-After, never 200, while the database fails; then recovers by itself", async () => {
    const database = new FakeDatabase();
    const { plaintext } = database.addKey();
    const url = await serve(database);
    database.failing = true;
    const verify = await requestGateway(url, "/api/v1/keys/verify", { body: { key: plaintext } });
    expect(verify).toMatchObject({ status: 503, json: { valid: false, code: "UNAVAILABLE" } });
    expect(verify.headers["retry-after"]).toBe("1");
    expect(verify.text).not.toContain("ECONNREFUSED");
    expect(await requestGateway(url, "/connection-info", { bearer: plaintext })).toMatchObject({ status: 503 });
    database.failing = false;
    expect(await requestGateway(url, "/connection-info", { bearer: plaintext })).toMatchObject({ status: 200 });
  });
});

describe("clientAddressOf", () => {
  const request = (forwardedFor?: string) =>
    ({ headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor }, socket: { remoteAddress: "10.0.0.9" } }) as unknown as http.IncomingMessage;

  it("uses the socket's address unless a proxy is trusted", () => {
    expect(clientAddressOf(request("203.0.113.7"), false)).toBe("10.0.0.9");
  });

  it("behind a trusted proxy, uses the entry the proxy appended, not what the client sent", () => {
    expect(clientAddressOf(request("1.2.3.4, 203.0.113.7"), true)).toBe("203.0.113.7");
    expect(clientAddressOf(request("203.0.113.7"), true)).toBe("203.0.113.7");
    expect(clientAddressOf(request(""), true)).toBe("10.0.0.9");
    expect(clientAddressOf(request(), true)).toBe("10.0.0.9");
  });
});

describe("the limit under concurrency", () => {
  it("never refuses a valid key, however many requests for it are in flight at once", async () => {
    const database = new FakeDatabase();
    const { plaintext } = database.addKey();
    const url = await serve(database, 5);
    const statuses = await Promise.all(
      Array.from({ length: 60 }, () => requestGateway(url, "/api/v1/keys/verify", { body: { key: plaintext } }).then((r) => r.status)),
    );
    expect(statuses).toEqual(Array(60).fill(200));
    expect(database.queries).toBe(1); // concurrent misses of one digest share one lookup
  });

  it("answers no more failures than the burst allows, however they arrive at once", async () => {
    const database = new FakeDatabase();
    const url = await serve(database, 5);
    const unknown = generateApiKey().plaintext;
    database.holding = true;
    const pending = [
      ...Array.from({ length: 20 }, () => requestGateway(url, "/api/v1/keys/verify", { body: { key: unknown } })),
      ...Array.from({ length: 20 }, () => requestGateway(url, "/api/v1/keys/verify", { body: { key: "pcsk_nope" } })),
      ...Array.from({ length: 20 }, () => requestGateway(url, "/api/v1/keys/verify", { body: "not json" })),
    ];
    await expect.poll(() => database.queries).toBe(1);
    database.release();
    const statuses = (await Promise.all(pending)).map((response) => response.status);
    expect(statuses.filter((status) => status !== 429)).toHaveLength(5);
  });

  it("lets no more concurrent unknown keys reach the database than the burst allows", async () => {
    const database = new FakeDatabase();
    const url = await serve(database, 5);
    database.holding = true; // every lookup stays in flight until released
    const pending = Array.from({ length: 30 }, () =>
      requestGateway(url, "/api/v1/keys/verify", { body: { key: generateApiKey().plaintext } }).then((r) => r.status),
    );
    await expect.poll(() => database.queries).toBe(5);
    database.release();
    const statuses = await Promise.all(pending);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(25);
    expect(database.queries).toBe(5);
  });
});
