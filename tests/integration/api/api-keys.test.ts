import { describe, expect, it } from "vitest";
import { DELETE as deleteKey } from "@/app/api/v1/api-keys/[id]/route";
import { GET as listKeys, POST as createKey } from "@/app/api/v1/environments/[id]/api-keys/route";
import { newId } from "@/lib/ids";
import { generateApiKey } from "@/lib/keys/api-key";
import { db } from "@/lib/server/db";
import { flushLastUse, verifyApiKey } from "../../support/gateway";
import { makeApiKey, makeTenant, type Tenant } from "../../support/factories";
import { call, expectError, expectNoStore, personalToken, serviceToken } from "./client";

/** Inserts `count` keys directly, three per millisecond, so that ordering ties on createdAt occur. */
async function insertKeys(tenant: Tenant, count: number) {
  const base = Date.now() - 60 * 60_000;
  const data = Array.from({ length: count }, (_, index) => ({
    id: newId("apiKey"),
    workspaceId: tenant.workspaceId,
    resourceId: tenant.resourceId,
    name: `bulk-${index}`,
    ...(({ digest, hint }) => ({ digest, hint }))(generateApiKey()),
    createdAt: new Date(base + Math.floor(index / 3)),
  }));
  await (await db()).apiKey.createMany({ data });
  return data.map((key) => key.id);
}

describe("POST /environments/{id}/api-keys", () => {
  it("answers 201 with the key's value once; the value verifies until DELETE /api-keys/{id}", async () => {
    const tenant = await makeTenant();
    const token = await personalToken(tenant.owner.actor);

    const created = await call(createKey, "POST", { token, id: tenant.resourceId, body: { name: "production-key" } });

    expect(created.status).toBe(201);
    expectNoStore(created);
    const { value, ...key } = created.json.data;
    expect(key).toEqual({
      id: expect.stringMatching(/^key_/),
      resourceId: tenant.resourceId,
      name: "production-key",
      hint: `pcsk_…${value.slice(-4)}`,
      createdAt: expect.any(String),
      lastUsedAt: null,
      expiresAt: expect.stringMatching(/^20\d\d-/), // 90 days by default
      permission: "read-write",
      rolledToId: null,
      createdBy: { name: tenant.owner.name, email: tenant.owner.email },
      nudges: [],
    });
    expect(await verifyApiKey(value, tenant.resourceId)).toMatchObject({ valid: true, keyId: key.id });
    await flushLastUse(); // the gateway's batched "last used" write (otherwise within 5 s)

    const listed = await call(listKeys, "GET", { token, id: tenant.resourceId });
    // Verifications are not gateway queries: no usage in the last 24 hours (issue 10's column).
    expect(listed.json.data).toEqual([{ ...key, lastUsedAt: expect.any(String), usage24h: { requests: 0, hourly: new Array(24).fill(0) } }]);
    expect(listed.text).not.toContain(value);
    expectNoStore(listed);

    const deleted = await call(deleteKey, "DELETE", { token, id: key.id });

    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ data: { ...key, lastUsedAt: expect.any(String) } });
    expect(deleted.text).not.toContain(value);
    expect(await verifyApiKey(value)).toMatchObject({ valid: false, code: "NOT_FOUND" });
    expectError(await call(deleteKey, "DELETE", { token, id: key.id }), 404, "resource-not-found");
    expect((await call(listKeys, "GET", { token, id: tenant.resourceId })).json.data).toEqual([]);
  });

  it("records no creator for a key made with a service token", async () => {
    const tenant = await makeTenant();
    const { plaintext: token } = await serviceToken(tenant);
    const created = await call(createKey, "POST", { token, id: tenant.resourceId, body: { name: "ci" } });
    expect(created.status).toBe(201);
    expect(created.json.data.createdBy).toBeNull();
    expect(created.text).not.toContain(token);
  });
});

describe("GET /environments/{id}/api-keys", () => {
  it("pages through 250 keys 100 at a time, newest first, without gaps or repeats", async () => {
    const tenant = await makeTenant();
    const ids = await insertKeys(tenant, 250);
    const token = await personalToken(tenant.owner.actor);

    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page = await call(listKeys, "GET", { token, id: tenant.resourceId, query });
      expect(page.status).toBe(200);
      sizes.push(page.json.data.length);
      seen.push(...page.json.data.map((key: { id: string }) => key.id));
      cursor = page.json.pagination.nextCursor;
      expect(page.json.pagination.hasMore).toBe(cursor !== null);
    } while (cursor);

    expect(sizes).toEqual([100, 100, 50]);
    expect(new Set(seen).size).toBe(250);
    expect([...seen].sort()).toEqual([...ids].sort());
  });

  it("returns 100 keys by default", async () => {
    const tenant = await makeTenant();
    await insertKeys(tenant, 101);
    const token = await personalToken(tenant.owner.actor);
    const page = await call(listKeys, "GET", { token, id: tenant.resourceId });
    expect(page.json.data).toHaveLength(100);
    expect(page.json.pagination).toEqual({ nextCursor: expect.any(String), hasMore: true });
  });

  it("never shows a key's value, nor its digest", async () => {
    const tenant = await makeTenant();
    const keys = [await makeApiKey(tenant), await makeApiKey(tenant)];
    const token = await personalToken(tenant.owner.actor);
    const list = await call(listKeys, "GET", { token, id: tenant.resourceId });
    const digests = await (await db()).apiKey.findMany({ where: { resourceId: tenant.resourceId }, select: { digest: true } });
    for (const { plaintext } of keys) expect(list.text).not.toContain(plaintext.slice(5, 37));
    for (const { digest } of digests) expect(list.text).not.toContain(digest);
    expect(Object.keys(list.json.data[0]).sort()).toEqual(["createdAt", "createdBy", "expiresAt", "hint", "id", "lastUsedAt", "name", "nudges", "permission", "resourceId", "rolledToId", "usage24h"]);
  });
});
