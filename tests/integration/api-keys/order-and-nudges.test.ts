import { describe, expect, it } from "vitest";
import { generateApiKey } from "@/lib/keys/api-key";
import { DAY_MS } from "@/lib/keys/expiry";
import { keyNudges } from "@/lib/keys/nudges";
import { newId } from "@/lib/ids";
import { listApiKeysAction } from "@/lib/server/actions/list-api-keys";
import { updateKeyNudgesAction } from "@/lib/server/actions/update-key-nudges";
import { listApiKeys } from "@/lib/server/data/api-keys";
import { countKeyNudges, readNudgeThresholds } from "@/lib/server/data/key-nudges";
import { db } from "@/lib/server/db";
import { makeMember, makeTenant, type Tenant } from "../../support/factories";
import { asUser } from "../../support/session";

const now = Date.now();
const ago = (days: number) => new Date(now - days * DAY_MS);

type Spec = { name: string; createdAt: Date; lastUsedAt?: Date | null; expiresAt?: Date | null };

async function insert(tenant: Tenant, specs: Spec[]) {
  await (await db()).apiKey.createMany({
    data: specs.map((spec) => {
      const { digest, hint } = generateApiKey();
      return { id: newId("apiKey"), workspaceId: tenant.workspaceId, resourceId: tenant.resourceId, digest, hint, lastUsedAt: null, expiresAt: null, ...spec };
    }),
  });
}

/** Every page of one order, following the cursors. */
async function allPages(tenant: Tenant, sort: "created" | "name" | "lastUsed", order: "asc" | "desc", limit = 2) {
  const names: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const result = await listApiKeys(tenant.owner.actor, { resourceId: tenant.resourceId, sort, order, cursor, limit });
    names.push(...result.items.map((key) => key.name));
    if (!result.nextCursor) return names;
    cursor = result.nextCursor;
  }
  throw new Error("the cursors never ended");
}

const KEYS: Spec[] = [
  { name: "bravo", createdAt: ago(100), lastUsedAt: ago(40) }, // rotate + unused
  { name: "alpha", createdAt: ago(10), lastUsedAt: null }, // unused (never used, 10 days)
  { name: "delta", createdAt: ago(3), lastUsedAt: null }, // new: nothing
  { name: "charlie", createdAt: ago(50), lastUsedAt: ago(1) }, // fine
  { name: "echo", createdAt: ago(200), lastUsedAt: ago(300), expiresAt: ago(1) }, // expired: nothing
];

describe("the API Keys list's orders and nudges", () => {
  it("pages through every order without skipping or repeating a key", async () => {
    const tenant = await makeTenant();
    await insert(tenant, KEYS);
    expect(await allPages(tenant, "name", "asc")).toEqual(["alpha", "bravo", "charlie", "delta", "echo"]);
    expect(await allPages(tenant, "name", "desc")).toEqual(["echo", "delta", "charlie", "bravo", "alpha"]);
    expect(await allPages(tenant, "created", "desc")).toEqual(["delta", "alpha", "charlie", "bravo", "echo"]);
    expect(await allPages(tenant, "created", "asc")).toEqual(["echo", "bravo", "charlie", "alpha", "delta"]);
    // Never used counts as the least recent: last when the most recent come first.
    const mostRecent = await allPages(tenant, "lastUsed", "desc");
    expect(mostRecent.slice(0, 3)).toEqual(["charlie", "bravo", "echo"]);
    expect(mostRecent.slice(3).sort()).toEqual(["alpha", "delta"]);
    const leastRecent = await allPages(tenant, "lastUsed", "asc");
    expect(leastRecent.slice(0, 2).sort()).toEqual(["alpha", "delta"]);
    expect(leastRecent.slice(2)).toEqual(["echo", "bravo", "charlie"]);
  });

  it("refuses a cursor of another order, and counts every matching key", async () => {
    const tenant = await makeTenant();
    await insert(tenant, KEYS);
    asUser(tenant.owner.actor);
    const first = await listApiKeysAction({ resourceId: tenant.resourceId, sort: "name", limit: 2 });
    if (!first.ok) throw new Error(first.error);
    expect(first.data.total).toBe(5);
    const mixed = await listApiKeysAction({ resourceId: tenant.resourceId, sort: "created", cursor: first.data.nextCursor });
    expect(mixed).toMatchObject({ ok: false, fieldErrors: { cursor: ["Not a valid cursor."] } });
    const searched = await listApiKeysAction({ resourceId: tenant.resourceId, search: "a", limit: 1 });
    if (!searched.ok) throw new Error(searched.error);
    expect(searched.data.total).toBe(4); // alpha, bravo, charlie, delta
  });

  it("flags keys in the list and counts them for the workspace with the same rules", async () => {
    const tenant = await makeTenant();
    await insert(tenant, KEYS);
    const page = await listApiKeys(tenant.owner.actor, { resourceId: tenant.resourceId, sort: "name" }, now);
    expect(Object.fromEntries(page.items.map((key) => [key.name, key.nudges]))).toEqual({
      alpha: ["unused"],
      bravo: ["rotate", "unused"],
      charlie: [],
      delta: [],
      echo: [],
    });
    expect(await countKeyNudges(tenant.owner.actor, tenant.workspaceId, now)).toMatchObject({ rotate: 1, unused: 2 });
    expect(page.nudges).toEqual({ rotate: 1, unused: 2 });
    expect((await countKeyNudges(tenant.owner.actor, tenant.workspaceId, now)).resources).toEqual([
      expect.objectContaining({ resourceId: tenant.resourceId, rotate: 1, unused: 2 }),
    ]);

    // The database's filters and the pure rules agree on every key, under other thresholds too.
    asUser(tenant.owner.actor);
    const saved = await updateKeyNudgesAction({ workspaceId: tenant.workspaceId, rotateAfterDays: "40", unusedAfterDays: null, neverUsedAfterDays: "2" });
    expect(saved).toMatchObject({ ok: true, data: { rotateAfterDays: 40, unusedAfterDays: null, neverUsedAfterDays: 2 } });
    const thresholds = await readNudgeThresholds(tenant.workspaceId);
    const rows = await (await db()).apiKey.findMany({ where: { workspaceId: tenant.workspaceId } });
    const expected = { rotate: 0, unused: 0 };
    for (const row of rows) for (const nudge of keyNudges(row, thresholds, now)) expected[nudge]++;
    expect(expected).toEqual({ rotate: 2, unused: 2 });
    expect(await countKeyNudges(tenant.owner.actor, tenant.workspaceId, now)).toMatchObject(expected);
  });

  it("lets only Admins change the thresholds, and refuses nonsense", async () => {
    const tenant = await makeTenant();
    asUser(tenant.owner.actor);
    expect(await updateKeyNudgesAction({ workspaceId: tenant.workspaceId, rotateAfterDays: "0", unusedAfterDays: 30, neverUsedAfterDays: 7 })).toMatchObject({
      ok: false,
      fieldErrors: { rotateAfterDays: ["Use at least 1 day."] },
    });
    expect(await readNudgeThresholds(tenant.workspaceId)).toEqual({ rotateAfterDays: 90, unusedAfterDays: 30, neverUsedAfterDays: 7 });
    const viewer = await makeMember(tenant, "DEVELOPER");
    asUser(viewer.actor);
    expect(await updateKeyNudgesAction({ workspaceId: tenant.workspaceId, rotateAfterDays: 1, unusedAfterDays: 1, neverUsedAfterDays: 1 })).toMatchObject({ ok: false });
    expect(await readNudgeThresholds(tenant.workspaceId)).toEqual({ rotateAfterDays: 90, unusedAfterDays: 30, neverUsedAfterDays: 7 });
  });
});
