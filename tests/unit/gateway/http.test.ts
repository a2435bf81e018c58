import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { clientAddressOf, GatewayHandler, type AccelerateEngine } from "@/lib/gateway/http";
import type { AccelerateRequest } from "@/lib/gateway/query";
import { KeyVerifier } from "@/lib/gateway/verifier";
import { generateApiKey } from "@/lib/keys/api-key";
import { TokenBucketLimiter } from "@/lib/server/rate-limit";
import { FakeDatabase } from "../../support/fake-key-database";
import { requestGateway } from "../../support/http-client";

// The gateway's HTTP layer over an in-memory database: the failed-verification limiter per client
// address (only failures count, a valid key is never refused), and fail-closed answers. (Routes and
// bodies over a real database: tests/integration.)

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** Stands in for the query engine: records what the router handed it, answers 200. */
class RecordingEngine implements AccelerateEngine {
  readonly handled: AccelerateRequest[] = [];
  readonly refusedTransactions: { path: string; bearer: string | null }[] = [];
  handle = async (req: http.IncomingMessage, res: http.ServerResponse, request: AccelerateRequest) => {
    this.handled.push(request);
    req.resume();
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ provider: "postgres", connectionInfo: { supportsRelationJoins: true } }));
  };
  rollbackTransactionForRefusedKey = async (path: string, bearer: string | null) => {
    this.refusedTransactions.push({ path, bearer });
    return path.startsWith("/transaction/");
  };
}

let engine = new RecordingEngine();

async function serve(database: FakeDatabase, burst = 5, trustProxy = false) {
  const verifier = new KeyVerifier(database);
  engine = new RecordingEngine();
  const handler = new GatewayHandler({ verifier, engine, limiter: new TokenBucketLimiter(burst, 1), trustProxy });
  const server = http.createServer(handler.handle);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return `http://127.0.0.1:${port}`;
}

/** POST /api/v1/keys/verify behind a trusted proxy that says the client is `forwardedFor`. */
function postFrom(url: string, forwardedFor: string, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}/api/v1/keys/verify`, { method: "POST", agent: false, headers: { "x-forwarded-for": forwardedFor } }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", reject);
    request.end(JSON.stringify({ key }));
  });
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
    // A malformed key from the limited address costs no lookup, on the Accelerate paths too.
    expect(await requestGateway(url, "/connection-info", { bearer: "pcsk_x", ...attacker })).toMatchObject({ status: 429, json: { code: "P5011" } });
    expect(await requestGateway(url, "/connection-info", { ...attacker })).toMatchObject({ status: 429, json: { code: "P5011" } });
    expect(await requestGateway(url, "/api/v1/keys/verify", { body: "not json", ...attacker })).toMatchObject({ status: 429 });
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

describe("a valid key is never refused", () => {
  it("from an address that has just spent its whole failure budget: cold (a lookup) and cached, on both routes", async () => {
    const database = new FakeDatabase();
    const cold = database.addKey();
    const other = database.addKey();
    const url = await serve(database, 5);
    const unknown = generateApiKey().plaintext;
    for (let i = 0; i < 5; i++) expect((await requestGateway(url, "/api/v1/keys/verify", { body: { key: generateApiKey().plaintext } })).status).toBe(401);
    expect((await requestGateway(url, "/api/v1/keys/verify", { body: { key: unknown } })).status).toBe(429);

    // Cold: never looked up before, so this costs a lookup, and it is answered 200.
    const queries = database.queries;
    expect(await requestGateway(url, "/api/v1/keys/verify", { body: { key: cold.plaintext } })).toMatchObject({ status: 200, json: { valid: true } });
    expect(database.queries).toBe(queries + 1);
    // Cached: no lookup at all.
    expect(await requestGateway(url, "/api/v1/keys/verify", { body: { key: cold.plaintext } })).toMatchObject({ status: 200 });
    expect(database.queries).toBe(queries + 1);
    expect(await requestGateway(url, "/connection-info", { bearer: other.plaintext })).toMatchObject({ status: 200 });
    // … while its bad keys still get 429: a new unknown digest after one lookup, a repeated one from the negative cache.
    expect(await requestGateway(url, "/api/v1/keys/verify", { body: { key: unknown } })).toMatchObject({ status: 429 });
    const afterRepeat = database.queries;
    expect(await requestGateway(url, "/api/v1/keys/verify", { body: { key: unknown } })).toMatchObject({ status: 429 });
    expect(database.queries).toBe(afterRepeat);
    expect(await requestGateway(url, "/connection-info", { bearer: unknown })).toMatchObject({ status: 429 });
    expect(await requestGateway(url, "/api/v1/keys/verify", { body: { key: cold.plaintext, resourceId: "db_other000000000001" } })).toMatchObject({ status: 429 });
  });

  it("counts IPv6 clients per /64: one budget for the whole prefix, another prefix has its own", async () => {
    const database = new FakeDatabase();
    const { plaintext } = database.addKey();
    const url = await serve(database, 3, true);
    const from = (address: string, key: string) => postFrom(url, address, key);
    for (const host of ["1", "2", "3"]) expect(await from(`2001:db8:1:2::${host}`, "pcsk_bad")).toBe(401);
    expect(await from("2001:db8:1:2:ffff::9", "pcsk_bad")).toBe(429); // same /64, other address
    expect(await from("2001:db8:1:2:ffff::9", plaintext)).toBe(200);
    expect(await from("2001:db8:1:3::1", "pcsk_bad")).toBe(401); // the next /64
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
    // On every Accelerate path: 503, and the request never reaches the query engine.
    for (const [path, method] of [["/connection-info", "GET"], ["/query", "POST"], ["/transaction/start", "POST"], ["/transaction/gw.x/commit", "POST"]] as const) {
      const answer = await requestGateway(url, path, { method, bearer: plaintext, body: method === "GET" ? undefined : { operation: "count", plan: {}, params: {} } });
      expect(answer, path).toMatchObject({ status: 503, json: { code: "P6008" } });
      expect(answer.headers["retry-after"]).toBe("1");
    }
    expect(engine.handled).toEqual([]);
    expect(engine.refusedTransactions).toEqual([]); // unverifiable is not "refused": nothing is rolled back on a guess
    database.failing = false;
    expect(await requestGateway(url, "/connection-info", { bearer: plaintext })).toMatchObject({ status: 200 });
    expect(engine.handled).toHaveLength(1);
  });
});

describe("what the router hands the query engine", () => {
  it("the verified key's own resource, whatever the request names", async () => {
    const database = new FakeDatabase();
    const { plaintext, row } = database.addKey({ resourceId: "db_mine000000000001", projectId: "proj_mine00000000001" });
    database.addKey({ resourceId: "db_other00000000001" });
    const url = await serve(database);
    await requestGateway(url, "/query?resourceId=db_other00000000001", {
      method: "POST",
      bearer: plaintext,
      headers: { "x-resource-id": "db_other00000000001" },
      body: { resourceId: "db_other00000000001", operation: "count", plan: {}, params: {} },
    });
    expect(engine.handled).toEqual([{ path: "/query", key: { keyId: row.id, resourceId: "db_mine000000000001", projectId: "proj_mine00000000001", permission: "read-write", expiresAt: null } }]);
  });

  it("a refused key never reaches it; on a transaction's path the transaction is rolled back and the answer says so", async () => {
    const database = new FakeDatabase();
    const { plaintext, row } = database.addKey();
    const url = await serve(database);
    database.removeKey(row.id); // deleted
    const inTransaction = await requestGateway(url, "/transaction/gw.abc/query", { method: "POST", bearer: plaintext, body: {} });
    expect(inTransaction).toMatchObject({ status: 401, json: { code: "P6002", message: "The provided API Key is invalid. Reason: unknown or deleted key. Its open transaction was rolled back." } });
    expect(inTransaction.headers["prisma-error-code"]).toBe("P6002");
    expect(await requestGateway(url, "/query", { method: "POST", bearer: plaintext, body: {} })).toMatchObject({ status: 401, json: { code: "P6002" } });
    expect(engine.handled).toEqual([]);
    expect(engine.refusedTransactions).toEqual([
      { path: "/transaction/gw.abc/query", bearer: plaintext },
      { path: "/query", bearer: plaintext },
    ]);
  });

  it("older clients' paths (/<version>/<hash>/…) go to it after verification, never before", async () => {
    const database = new FakeDatabase();
    const { plaintext } = database.addKey();
    const url = await serve(database);
    const legacy = `/6.19.0/${"a".repeat(40)}/graphql`;
    expect(await requestGateway(url, legacy, { method: "POST", bearer: "pcsk_nope", body: {} })).toMatchObject({ status: 401 });
    expect(engine.handled).toEqual([]);
    expect(await requestGateway(url, legacy, { method: "POST", bearer: plaintext, body: {} })).toMatchObject({ status: 200 });
    expect(engine.handled.map((request) => request.path)).toEqual([legacy]);
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

  it("an address that spent its budget gets its lookups one at a time, and others are not held up", async () => {
    const database = new FakeDatabase();
    const url = await serve(database, 5);
    const legitimate = database.addKey();
    database.holding = true; // every lookup stays in flight until released
    const pending = Array.from({ length: 30 }, () =>
      requestGateway(url, "/api/v1/keys/verify", { body: { key: generateApiKey().plaintext }, localAddress: "127.0.0.1" }).then((r) => r.status),
    );
    // Five with the bucket's tokens, in parallel, then the rest queued: one more at a time.
    await expect.poll(() => database.queries).toBe(6);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(database.queries).toBe(6);
    // Another address's lookup does not wait behind that queue.
    const other = requestGateway(url, "/api/v1/keys/verify", { body: { key: legitimate.plaintext }, localAddress: "127.0.0.2" });
    await expect.poll(() => database.queries).toBe(7);
    database.release();
    expect((await other).status).toBe(200);
    const statuses = await Promise.all(pending);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(25);
    expect(database.queries).toBe(31);
  });
});
