import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/keys/verify/route";
import { generateApiKey } from "@/lib/keys/api-key";
import { db } from "@/lib/server/db";
import { verifyApiKey } from "@/lib/server/verify-api-key";
import { makeApiKey, makeTenant, missingId } from "../../support/factories";

function post(body: unknown) {
  return POST(
    new Request("http://localhost/api/v1/keys/verify", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

/** A key of the right shape whose checksum is wrong: the last character changed. */
function withBadChecksum(key: string) {
  return key.slice(0, -1) + (key.endsWith("A") ? "B" : "A");
}

describe("verifyApiKey", () => {
  it("accepts a live key, names its resource and records when it was used", async () => {
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
    });
    const row = await (await db()).apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.lastUsedAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row.lastUsedAt?.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
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
});

describe("POST /api/v1/keys/verify", () => {
  it("answers 200 for a live key and 401 for an unknown or wrong-resource one, never cached", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    const { apiKey, plaintext } = await makeApiKey(tenant);

    const ok = await post({ key: plaintext, resourceId: tenant.resourceId });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toBe("no-store");
    expect(await ok.json()).toMatchObject({ valid: true, keyId: apiKey.id, resourceId: tenant.resourceId });

    const unknown = await post({ key: generateApiKey().plaintext });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get("cache-control")).toBe("no-store");
    expect(await unknown.json()).toMatchObject({ valid: false, code: "NOT_FOUND" });

    const wrong = await post({ key: plaintext, resourceId: other.resourceId });
    expect(wrong.status).toBe(401);
    const wrongBody = await wrong.text();
    expect(JSON.parse(wrongBody)).toMatchObject({ valid: false, code: "WRONG_RESOURCE" });
    expect(wrongBody).not.toContain(plaintext);

    const malformed = await post({ key: withBadChecksum(plaintext) });
    expect(malformed.status).toBe(401);
    expect(await malformed.json()).toMatchObject({ valid: false, code: "MALFORMED" });
  });

  it("answers 422 for a body that is not JSON or not the expected shape", async () => {
    for (const body of ["not json", { token: "x" }, { key: 42 }, { key: "pcsk_x", resourceId: "proj_x", extra: 1 }]) {
      const response = await post(body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.json()).toMatchObject({ error: { code: "validation-error" } });
    }
  });
});
