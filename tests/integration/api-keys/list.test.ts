import { describe, expect, it } from "vitest";
import { generateApiKey } from "@/lib/keys/api-key";
import { newId } from "@/lib/ids";
import { listApiKeysAction } from "@/lib/server/actions/list-api-keys";
import { deleteApiKey, listApiKeys } from "@/lib/server/data/api-keys";
import { db } from "@/lib/server/db";
import { makeApiKey, makeTenant, type Tenant } from "../../support/factories";
import { asUser } from "../../support/session";

/** Inserts `count` keys directly, three per millisecond, so that ordering ties on createdAt occur. */
async function insertKeys(tenant: Tenant, count: number) {
  const base = Date.now() - 60 * 60_000;
  const data = Array.from({ length: count }, (_, index) => {
    const { digest, hint } = generateApiKey();
    return {
      id: newId("apiKey"),
      workspaceId: tenant.workspaceId,
      resourceId: tenant.resourceId,
      name: `bulk-${String(index).padStart(3, "0")}`,
      digest,
      hint,
      createdById: tenant.owner.userId,
      createdAt: new Date(base + Math.floor(index / 3)),
    };
  });
  await (await db()).apiKey.createMany({ data });
  return data;
}

describe("listApiKeys", () => {
  it("shows name, creation date, hint and creator, newest first, never the digest", async () => {
    const tenant = await makeTenant();
    const older = await makeApiKey(tenant, "older");
    await new Promise((resolve) => setTimeout(resolve, 5));
    const newer = await makeApiKey(tenant, "newer");
    asUser(tenant.owner.actor);

    const result = await listApiKeysAction({ resourceId: tenant.resourceId });

    if (!result.ok) throw new Error(result.error);
    expect(result.data.items.map((key) => key.id)).toEqual([newer.apiKey.id, older.apiKey.id]);
    expect(result.data.items[0]).toEqual({
      id: newer.apiKey.id,
      resourceId: tenant.resourceId,
      name: "newer",
      hint: `pcsk_…${newer.plaintext.slice(-4)}`,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      lastUsedAt: null,
      expiresAt: expect.stringMatching(/^20\d\d-/), // 90 days by default
      permission: "read-write",
      rolledToId: null,
      createdBy: { name: tenant.owner.name, email: tenant.owner.email },
      nudges: [],
      usage24h: { requests: 0, hourly: new Array(24).fill(0) },
    });
    expect(result.data).toMatchObject({ hasMore: false, nextCursor: null, total: 2 });
    const row = await (await db()).apiKey.findUniqueOrThrow({ where: { id: newer.apiKey.id } });
    expect(JSON.stringify(result.data)).not.toContain(row.digest);
    expect(JSON.stringify(result.data)).not.toContain(newer.plaintext);
  });

  it("filters by name, case-insensitively", async () => {
    const tenant = await makeTenant();
    await makeApiKey(tenant, "Production gateway");
    await makeApiKey(tenant, "staging-api");
    await makeApiKey(tenant, "production-optimize");

    const page = await listApiKeys(tenant.owner.actor, { resourceId: tenant.resourceId, search: "PRODUCTION" });

    expect(page.items.map((key) => key.name).sort()).toEqual(["Production gateway", "production-optimize"]);
  });

  it("matches %, _ and \\ in a search literally, not as LIKE wildcards", async () => {
    const tenant = await makeTenant();
    for (const name of ["a_b", "axb", "50%", "50x", "c\\d", "cxd"]) await makeApiKey(tenant, name);
    const search = async (term: string) =>
      (await listApiKeys(tenant.owner.actor, { resourceId: tenant.resourceId, search: term })).items.map((key) => key.name).sort();

    expect(await search("_")).toEqual(["a_b"]);
    expect(await search("a_b")).toEqual(["a_b"]);
    expect(await search("%")).toEqual(["50%"]);
    expect(await search("50%")).toEqual(["50%"]);
    expect(await search("\\")).toEqual(["c\\d"]);
    expect(await search("c\\d")).toEqual(["c\\d"]);
    expect(await search("X")).toEqual(["50x", "axb", "cxd"]);
  });

  it("lists only the requested resource's keys", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    await makeApiKey(other, "someone else's");
    const mine = await makeApiKey(tenant, "mine");
    const page = await listApiKeys(tenant.owner.actor, { resourceId: tenant.resourceId });
    expect(page.items.map((key) => key.id)).toEqual([mine.apiKey.id]);
  });

  it("pages through 120 keys 50 at a time without gaps or repeats", async () => {
    const tenant = await makeTenant();
    const inserted = await insertKeys(tenant, 120);
    const expected = [...inserted]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((key) => key.id);

    const seen: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = await listApiKeys(tenant.owner.actor, { resourceId: tenant.resourceId, limit: 50, cursor });
      seen.push(...page.items.map((key) => key.id));
      pageSizes.push(page.items.length);
      if (!page.hasMore) {
        expect(page.nextCursor).toBeNull();
        break;
      }
      expect(page.nextCursor).toMatch(new RegExp(`^\\d+\\.${page.items.at(-1)?.id}$`));
      cursor = page.nextCursor ?? undefined;
    }

    expect(pageSizes).toEqual([50, 50, 20]);
    expect(new Set(seen).size).toBe(120);
    expect(seen).toEqual(expected);
  });

  it("continues after the last key of a page even when that key was deleted meanwhile", async () => {
    const tenant = await makeTenant();
    await insertKeys(tenant, 7);
    const first = await listApiKeys(tenant.owner.actor, { resourceId: tenant.resourceId, limit: 3 });
    await deleteApiKey(tenant.owner.actor, { apiKeyId: first.items.at(-1)!.id });
    const second = await listApiKeys(tenant.owner.actor, {
      resourceId: tenant.resourceId,
      limit: 3,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second.items).toHaveLength(3);
    expect(second.items.map((key) => key.id)).not.toContain(first.items.at(-1)!.id);
    expect(second.hasMore).toBe(true);
  });

  it("rejects a malformed cursor with a field error", async () => {
    const tenant = await makeTenant();
    asUser(tenant.owner.actor);
    const result = await listApiKeysAction({ resourceId: tenant.resourceId, cursor: "key_' OR 1=1" });
    expect(result).toMatchObject({ ok: false, fieldErrors: { cursor: ["Not a valid cursor."] } });
  });

  it("rejects a limit above the maximum through the action", async () => {
    const tenant = await makeTenant();
    asUser(tenant.owner.actor);
    const result = await listApiKeysAction({ resourceId: tenant.resourceId, limit: 5000 });
    expect(result).toMatchObject({ ok: false, fieldErrors: { limit: [expect.any(String)] } });
  });
});
