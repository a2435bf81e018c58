import { describe, expect, it } from "vitest";
import { GET as listAudit } from "@/app/api/v1/workspaces/[id]/audit-log/route";
import { newId } from "@/lib/ids";
import { signInWithPassword } from "@/lib/server/credentials";
import { recordExpiredKeys } from "@/lib/server/data/audit-expiry";
import { listAuditLog } from "@/lib/server/data/audit-log-read";
import { deleteApiKey } from "@/lib/server/data/api-keys";
import { db } from "@/lib/server/db";
import { hashPassword } from "@/lib/server/password";
import { addMember, makeApiKey, makeMember, makeTenant, makeUser } from "../../support/factories";
import { call, expectError, personalToken, serviceToken } from "../api/client";
import { everyEntryAsText, storedEntries } from "./support";

// Reading the log: Admins only, filters, keyset pages without gaps or repeats; expiries written
// once, dated at the instant; failed sign-ins in every workspace of the account.

const MINUTE = 60_000;

/** `count` entries straight into the table, three per millisecond so that createdAt ties occur. */
async function insertEntries(workspaceId: string, count: number, base = Date.now() - 60 * MINUTE) {
  const data = Array.from({ length: count }, (_, index) => ({
    id: newId("auditLogEntry"),
    workspaceId,
    createdAt: new Date(base + Math.floor(index / 3)),
    action: index % 2 === 0 ? "project.created" : "project.renamed",
    actorType: "user",
    actorUserId: index % 5 === 0 ? "usr_0000000000000005" : "usr_0000000000000001",
    actorEmail: index % 5 === 0 ? "five@example.test" : "one@example.test",
    objectType: "project",
    objectId: index % 7 === 0 ? "proj_0000000000000007" : "proj_0000000000000001",
    objectName: `p-${index}`,
    path: "rest",
  }));
  await (await db()).auditLogEntry.createMany({ data });
  return data;
}

describe("listAuditLog", () => {
  it("pages 250 entries newest first without gaps or repeats, on ties of createdAt too", async () => {
    const tenant = await makeTenant();
    const inserted = await insertEntries(tenant.workspaceId, 250);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await listAuditLog(tenant.owner.actor, tenant.workspaceId, { action: "project.renamed", limit: "40", ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((entry) => entry.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const expected = inserted
      .filter((entry) => entry.action === "project.renamed")
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((entry) => entry.id);
    expect(seen).toEqual(expected);
  });

  it("filters by actor (user id, email), action, object type and id, and date range", async () => {
    const tenant = await makeTenant();
    const base = Date.parse("2026-11-20T10:00:00Z");
    const inserted = await insertEntries(tenant.workspaceId, 30, base);
    // Only the inserted ones (the tenant's own creation is logged too, now).
    const insertedIds = new Set(inserted.map((entry) => entry.id));
    const ids = async (filter: Record<string, string>) =>
      (await listAuditLog(tenant.owner.actor, tenant.workspaceId, { objectType: "project", ...filter })).items
        .map((entry) => entry.id)
        .filter((id) => insertedIds.has(id))
        .sort();
    const where = (test: (entry: (typeof inserted)[number], index: number) => boolean) =>
      inserted.filter(test).map((entry) => entry.id).sort();
    expect(await ids({ actor: "usr_0000000000000005" })).toEqual(where((_, index) => index % 5 === 0));
    expect(await ids({ actor: "FIVE@example.test" })).toEqual(where((_, index) => index % 5 === 0));
    expect(await ids({ objectId: "proj_0000000000000007", action: "project.created" })).toEqual(where((e, index) => index % 7 === 0 && e.action === "project.created"));
    expect(await ids({ from: "2026-11-20", to: "2026-11-20" })).toEqual(where(() => true));
    expect(await ids({ from: "2026-11-21" })).toEqual([]);
    expect(await ids({ to: "2026-11-20T10:00:00.003Z" })).toEqual(where((_, index) => index < 9));
    await expect(listAuditLog(tenant.owner.actor, tenant.workspaceId, { from: "2026-11-22", to: "2026-11-21" })).rejects.toThrow(/before its end/);
  });

  it("is for Admins only: other roles and service tokens are refused, other workspaces are not found", async () => {
    const tenant = await makeTenant();
    for (const role of ["DEVELOPER", "VIEWER", "BILLING"] as const) {
      const member = await makeMember(tenant, role);
      await expect(listAuditLog(member.actor, tenant.workspaceId)).rejects.toMatchObject({ code: "permission-denied" });
    }
    const stranger = await makeUser();
    await expect(listAuditLog(stranger.actor, tenant.workspaceId)).rejects.toMatchObject({ code: "resource-not-found" });
    const { plaintext } = await serviceToken(tenant);
    expectError(await call(listAudit, "GET", { token: plaintext, id: tenant.workspaceId }), 403, "permission-denied");
    const viewer = await makeMember(tenant, "VIEWER");
    expectError(await call(listAudit, "GET", { token: await personalToken(viewer.actor), id: tenant.workspaceId }), 403, "permission-denied");
    expectError(await call(listAudit, "GET", { token: await personalToken(stranger.actor), id: tenant.workspaceId }), 404, "resource-not-found");
  });

  it("answers GET /workspaces/{id}/audit-log with the list conventions, and 422 for a bad filter", async () => {
    const tenant = await makeTenant();
    await insertEntries(tenant.workspaceId, 5);
    const token = await personalToken(tenant.owner.actor);
    const first = await call(listAudit, "GET", { token, id: tenant.workspaceId, query: "limit=2&objectType=project" });
    expect(first.status).toBe(200);
    expect(first.json.data).toHaveLength(2);
    expect(first.json.pagination).toEqual({ nextCursor: expect.stringMatching(/^\d+\.aud_\w{16}$/), hasMore: true });
    expect(first.json.data[0]).toMatchObject({ id: expect.stringMatching(/^aud_/), createdAt: expect.any(String), action: "project.created", object: { type: "project" } });
    const rest = await call(listAudit, "GET", { token, id: tenant.workspaceId, query: `objectType=project&cursor=${first.json.pagination.nextCursor}` });
    expect(rest.json.data).toHaveLength(4); // 5 inserted + the project the tenant was made with, less the first 2
    expect(rest.json.pagination).toEqual({ nextCursor: null, hasMore: false });
    for (const query of ["action=nope", "limit=0", "limit=", "from=yesterday", "cursor=abc", "actor=%20"]) {
      expectError(await call(listAudit, "GET", { token, id: tenant.workspaceId, query }), 422, "validation-error");
    }
  });
});

describe("api_key.expired", () => {
  it("is written once per key by the system, dated at the instant, also when the key is deleted after it expired", async () => {
    const tenant = await makeTenant();
    const prisma = await db();
    const { apiKey } = await makeApiKey(tenant, "short-lived");
    const expiredAt = new Date(Date.now() - 5 * MINUTE);
    await prisma.apiKey.update({ where: { id: apiKey.id }, data: { expiresAt: expiredAt } });
    expect(await recordExpiredKeys({ workspaceId: tenant.workspaceId })).toBe(1);
    expect(await recordExpiredKeys({ workspaceId: tenant.workspaceId })).toBe(0);
    const [entry] = await storedEntries(tenant.workspaceId, "api_key.expired");
    expect(entry).toMatchObject({ actorType: "system", path: "system", objectId: apiKey.id, objectName: "short-lived", createdAt: expiredAt });

    // One the sweep has not seen yet: reading the log catches up; deleting it first writes it too.
    const second = await makeApiKey(tenant, "also-short");
    await prisma.apiKey.update({ where: { id: second.apiKey.id }, data: { expiresAt: new Date(Date.now() - MINUTE) } });
    const listed = await listAuditLog(tenant.owner.actor, tenant.workspaceId, { action: "api_key.expired" });
    expect(listed.items.map((item) => item.object.id)).toEqual([second.apiKey.id, apiKey.id]);
    const third = await makeApiKey(tenant, "deleted-after-expiry");
    await prisma.apiKey.update({ where: { id: third.apiKey.id }, data: { expiresAt: new Date(Date.now() - MINUTE) } });
    await deleteApiKey(tenant.owner.actor, { apiKeyId: third.apiKey.id });
    const ofThird = (await storedEntries(tenant.workspaceId)).filter((e) => e.objectId === third.apiKey.id).map((e) => e.action);
    // The expiry is dated at its instant (here, before the key's creation was logged).
    expect(ofThird.sort()).toEqual(["api_key.created", "api_key.deleted", "api_key.expired"]);
  });
});

describe("member.sign_in_failed", () => {
  it("records a wrong password for a member's email in each of their workspaces, never the password", async () => {
    const a = await makeTenant();
    const b = await makeTenant();
    const member = await makeMember(a, "VIEWER");
    await addMember(member.userId, b.workspaceId, "DEVELOPER");
    const prisma = await db();
    await prisma.user.update({ where: { id: member.userId }, data: { passwordHash: await hashPassword("the-right-password-1") } });
    const context = { address: "203.0.113.99", userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Safari/605.1.15 Version/17.0" };

    expect(await signInWithPassword({ email: member.email, password: "Wrong-Canary-Pw-88" }, context)).toEqual({ outcome: "invalid" });
    for (const tenant of [a, b]) {
      const entries = await storedEntries(tenant.workspaceId, "member.sign_in_failed");
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ actorType: "anonymous", actorEmail: member.email, objectId: member.userId, path: "console", address: "203.0.113.99", userAgent: context.userAgent });
    }
    expect(await everyEntryAsText()).not.toContain("Wrong-Canary-Pw-88");

    expect(await signInWithPassword({ email: member.email, password: "the-right-password-1" }, context)).toMatchObject({ outcome: "signed-in" });
    expect(await signInWithPassword({ email: "nobody-here@example.test", password: "whatever-123" }, context)).toEqual({ outcome: "invalid" });
    expect(await storedEntries(a.workspaceId, "member.sign_in_failed")).toHaveLength(1);
  });
});
