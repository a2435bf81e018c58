import http from "node:http";
import { describe, expect, it } from "vitest";
import { GatewayHandler, VERIFY_PATH } from "@/lib/gateway/http";
import { registerKeyEventSink, type KeyEvent } from "@/lib/gateway/key-events";
import { digestApiKey, generateApiKey } from "@/lib/keys/api-key";
import { db } from "@/lib/server/db";
import { createApiKey } from "@/lib/server/data/api-keys";
import { TokenBucketLimiter } from "@/lib/server/rate-limit";
import { CLIENT_VERSION } from "../../support/accelerate-client/harness";
import { makeApiKey, makeTenant, missingId } from "../../support/factories";
import { flushLastUse, gatewayUrl, requestGateway, testGateway, verifyApiKey } from "../../support/gateway";

// The key gateway (lib/gateway) over this project's database: the verifier itself, then its HTTP
// routes — POST /api/v1/keys/verify and the Accelerate paths a Prisma Client calls.

/** A key of the right shape whose checksum is wrong: the last character changed. */
function withBadChecksum(key: string) {
  return key.slice(0, -1) + (key.endsWith("A") ? "B" : "A");
}

const post = async (body: unknown, bearer?: string) => requestGateway(await gatewayUrl(), "/api/v1/keys/verify", { method: "POST", body, bearer });
// What Prisma Client 7.10 sends as its version (the engine answers P6006 to a request without one).
const CLIENT_HEADERS = { "prisma-engine-hash": CLIENT_VERSION };
const accelerate = async (path: string, bearer?: string, method = "GET") => requestGateway(await gatewayUrl(), path, { method, bearer, headers: CLIENT_HEADERS });

describe("the verifier", () => {
  it("accepts a live key, names its resource, and records its use in one batched write", async () => {
    const tenant = await makeTenant();
    const { apiKey, plaintext } = await makeApiKey(tenant);
    const before = Date.now();

    const result = await verifyApiKey(plaintext, tenant.resourceId);
    expect(result).toEqual({
      valid: true,
      keyId: apiKey.id,
      resourceId: tenant.resourceId,
      resourceKind: "database",
      projectId: tenant.projectId,
      workspaceId: tenant.workspaceId,
      permission: "read-write",
      expiresAt: apiKey.expiresAt,
    });
    const row = () => db().then((prisma) => prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } }));
    expect((await row()).lastUsedAt).toBeNull(); // no write on the request path
    await flushLastUse();
    const used = (await row()).lastUsedAt!.getTime();
    expect(used).toBeGreaterThanOrEqual(before - 1000);
    expect(used).toBeLessThanOrEqual(Date.now() + 1000);

    // Within the minute, more verifications queue nothing more.
    await verifyApiKey(plaintext);
    expect((await testGateway()).verifier.lastUse.pendingCount).toBe(0);
  });

  it("refuses a key used on another resource", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    const { plaintext } = await makeApiKey(tenant);
    expect(await verifyApiKey(plaintext, other.resourceId)).toMatchObject({ valid: false, code: "WRONG_RESOURCE" });
    expect(await verifyApiKey(plaintext, missingId("environment"))).toMatchObject({ valid: false, code: "WRONG_RESOURCE" });
  });

  it("refuses malformed keys and keys with a bad checksum as MALFORMED", async () => {
    const tenant = await makeTenant();
    const { plaintext } = await makeApiKey(tenant);
    for (const candidate of ["", "pcsk_", plaintext.slice(0, -1), `${plaintext}x`, plaintext.replace("pcsk_", "sk_"), withBadChecksum(plaintext)]) {
      expect(await verifyApiKey(candidate), candidate).toMatchObject({ valid: false, code: "MALFORMED" });
    }
  });

  it("refuses a well-formed key that was never issued as NOT_FOUND", async () => {
    expect(await verifyApiKey(generateApiKey().plaintext)).toMatchObject({ valid: false, code: "NOT_FOUND" });
  });

  it("announces every created key's digest, so no verifier keeps calling it unknown", async () => {
    const tenant = await makeTenant();
    const events: (KeyEvent | null)[] = [];
    const unregister = registerKeyEventSink({ applyKeyEvent: (event) => events.push(event) });
    try {
      const { plaintext } = await createApiKey(tenant.owner.actor, { resourceId: tenant.resourceId, name: "fresh" });
      expect(events).toEqual([expect.objectContaining({ type: "created", digest: digestApiKey(plaintext) })]);
      expect(await verifyApiKey(plaintext)).toMatchObject({ valid: true });
    } finally {
      unregister();
    }
  });
});

describe("POST /api/v1/keys/verify", () => {
  it("answers 200 for a live key and 401 for an unknown, wrong-resource or malformed one, never cached", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    const { apiKey, plaintext } = await makeApiKey(tenant);

    const ok = await post({ key: plaintext, resourceId: tenant.resourceId });
    expect(ok.status).toBe(200);
    expect(ok.headers["cache-control"]).toBe("no-store");
    expect(ok.headers["x-content-type-options"]).toBe("nosniff");
    expect(ok.json).toMatchObject({ valid: true, keyId: apiKey.id, resourceId: tenant.resourceId });

    const unknown = await post({ key: generateApiKey().plaintext });
    expect(unknown.status).toBe(401);
    expect(unknown.headers["cache-control"]).toBe("no-store");
    expect(unknown.json).toMatchObject({ valid: false, code: "NOT_FOUND", message: "The provided API Key is invalid. Reason: unknown or deleted key." });

    const wrong = await post({ key: plaintext, resourceId: other.resourceId });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ valid: false, code: "WRONG_RESOURCE" });
    expect(wrong.text).not.toContain(plaintext);

    const malformed = await post({ key: withBadChecksum(plaintext) });
    expect(malformed.status).toBe(401);
    expect(malformed.json).toMatchObject({ valid: false, code: "MALFORMED" });
  });

  it("takes the key from Authorization: Bearer when there is no body", async () => {
    const tenant = await makeTenant();
    const { apiKey, plaintext } = await makeApiKey(tenant);
    expect(await post(undefined, plaintext)).toMatchObject({ status: 200, json: { valid: true, keyId: apiKey.id } });
    expect(await post(undefined, withBadChecksum(plaintext))).toMatchObject({ status: 401, json: { code: "MALFORMED" } });
    expect(await post(undefined)).toMatchObject({ status: 422, json: { error: { code: "validation-error" } } });
  });

  it("answers 422 for a body that is not JSON, not the expected shape or too large; 405 for GET", async () => {
    for (const body of ["not json", { token: "x" }, { key: 42 }, { key: "pcsk_x", resourceId: "proj_x", extra: 1 }, { key: "x".repeat(5000) }]) {
      const response = await post(body);
      expect(response.status, JSON.stringify(body).slice(0, 40)).toBe(422);
      expect(response.headers["cache-control"]).toBe("no-store");
      expect(response.json).toMatchObject({ error: { code: "validation-error", message: expect.any(String), hint: expect.any(String) } });
    }
    const get = await requestGateway(await gatewayUrl(), "/api/v1/keys/verify");
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe("POST");
  });
});

describe("the Accelerate paths (prisma://host/?api_key=…)", () => {
  it("GET /connection-info answers for the key's resource: without a database connection, P6010 says where to set one", async () => {
    const tenant = await makeTenant();
    const { plaintext } = await makeApiKey(tenant);
    const response = await accelerate("/connection-info", plaintext);
    expect(response.status).toBe(409);
    expect(response.headers["prisma-error-code"]).toBe("P6010");
    expect(response.json).toMatchObject({ code: "P6010", message: expect.stringContaining("Settings → Database connection") });
  });

  it("answers the anchor's P6002 body for an invalid, malformed, deleted or missing key", async () => {
    const tenant = await makeTenant();
    const { plaintext } = await makeApiKey(tenant);
    const cases: [string | undefined, string][] = [
      [generateApiKey().plaintext, "The provided API Key is invalid. Reason: unknown or deleted key."],
      [withBadChecksum(plaintext), "The provided API Key is invalid. Reason: malformed key."],
      [undefined, "The provided API Key is invalid. Reason: no API key was sent (Authorization: Bearer <key>)."],
    ];
    for (const [key, message] of cases) {
      for (const [path, method] of [["/connection-info", "GET"], ["/query", "POST"], ["/transaction/start", "POST"]] as const) {
        const response = await accelerate(path, key, method);
        expect(response.status, `${method} ${path}`).toBe(401);
        expect(response.json).toEqual({ code: "P6002", message });
      }
    }
  });

  it("hands a valid key's queries to the engine (P6010 here: no connection), refuses wrong methods (405) and unknown paths (404)", async () => {
    const tenant = await makeTenant();
    const { plaintext } = await makeApiKey(tenant);
    const query = { operation: "count", plan: {}, params: {} };
    expect(await requestGateway(await gatewayUrl(), "/query", { method: "POST", bearer: plaintext, body: query, headers: CLIENT_HEADERS })).toMatchObject({ status: 409, json: { code: "P6010" } });
    expect(await requestGateway(await gatewayUrl(), "/transaction/start", { method: "POST", bearer: plaintext, body: {}, headers: CLIENT_HEADERS })).toMatchObject({ status: 409, json: { code: "P6010" } });
    expect(await accelerate("/query", plaintext, "GET")).toMatchObject({ status: 405 });
    expect(await accelerate("/nope", plaintext)).toMatchObject({ status: 404 });
    expect(await accelerate("/health")).toMatchObject({ status: 200, json: { status: "ok", queries: { pools: expect.any(Number), transactions: 0 } } });
  });
});

describe("the failed-verification limit never refuses a valid key", () => {
  /** The real verifier behind a handler with a tight limit (3 failures, no refill to speak of). */
  async function tightGateway() {
    const { verifier, engine } = await testGateway();
    const handler = new GatewayHandler({ verifier, engine, limiter: new TokenBucketLimiter(3, 0.001), trustProxy: true });
    const server = http.createServer(handler.handle);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const verify = (from: string, key: string) =>
      new Promise<number>((resolve, reject) => {
        const request = http.request(`http://127.0.0.1:${port}${VERIFY_PATH}`, { method: "POST", agent: false, headers: { "x-forwarded-for": from } }, (response) => {
          response.resume();
          response.on("end", () => resolve(response.statusCode ?? 0));
        });
        request.on("error", reject);
        request.end(JSON.stringify({ key }));
      });
    return { verify, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  it("accepts an address's valid keys, cold and cached, right after it spent its whole budget; its bad ones get 429", async () => {
    const tenant = await makeTenant();
    const cold = await makeApiKey(tenant);
    const gateway = await tightGateway();
    try {
      const address = "203.0.113.50";
      for (const bad of [generateApiKey().plaintext, "pcsk_guess", withBadChecksum(cold.plaintext)]) expect(await gateway.verify(address, bad)).toBe(401);
      expect(await gateway.verify(address, generateApiKey().plaintext)).toBe(429);
      expect(await gateway.verify(address, cold.plaintext)).toBe(200); // never looked up before: a database lookup
      expect(await gateway.verify(address, cold.plaintext)).toBe(200); // now from the cache
      expect(await gateway.verify(address, "pcsk_guess")).toBe(429);
      // The same /64 shares the budget; another address has its own.
      for (const host of ["1", "2", "3"]) expect(await gateway.verify(`2001:db8:5:6::${host}`, "pcsk_guess")).toBe(401);
      expect(await gateway.verify("2001:db8:5:6:aaaa::1", "pcsk_guess")).toBe(429);
      expect(await gateway.verify("2001:db8:5:6:aaaa::1", cold.plaintext)).toBe(200);
      expect(await gateway.verify("203.0.113.51", "pcsk_guess")).toBe(401);
    } finally {
      await gateway.close();
    }
  });
});
