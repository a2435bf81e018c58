import { afterEach, describe, expect, it } from "vitest";
import { createResourceAction } from "@/lib/server/actions/create-resource";
import { removeResourceConnectionAction } from "@/lib/server/actions/remove-resource-connection";
import { setResourceConnectionAction } from "@/lib/server/actions/set-resource-connection";
import { testResourceConnectionAction } from "@/lib/server/actions/test-resource-connection";
import { db } from "@/lib/server/db";
import { makeMember, makeTenant } from "../../support/factories";
import { asUser, signOut } from "../../support/session";
import { snapshotWorkspace } from "../../support/snapshot";

// The Console's server actions for a resource's database connection (the Settings card and the
// create dialog): the shared schema's field errors, nothing stored on a refusal, the host allowlist
// as a field error, roles and workspaces, and never the password in an answer.

const PASSWORD = "Canary-Pw-7f3a9";
const url = (host = "db.example.com") => `postgresql://shop_user:${PASSWORD}@${host}:5432/shop?sslmode=require`;
const serverUrl = process.env.TEST_DATABASE_ADMIN_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const CHECK_FIELDS = "Check the highlighted fields.";
const DENIED = { ok: false, error: "Your role in this workspace does not allow this." };

afterEach(() => {
  delete process.env.PLATFORM_DATABASE_HOSTS;
});

async function storedCiphertext(resourceId: string): Promise<string | null> {
  const row = await (await db()).resource.findUniqueOrThrow({ where: { id: resourceId }, select: { connectionCiphertext: true } });
  return row.connectionCiphertext;
}

describe("setResourceConnectionAction", () => {
  it("stores the string encrypted and answers with host, port, database and user only", async () => {
    const tenant = await makeTenant();
    asUser((await makeMember(tenant, "DEVELOPER")).actor);
    const result = await setResourceConnectionAction({ resourceId: tenant.resourceId, connectionString: url() });
    expect(result).toEqual({
      ok: true,
      data: { host: "db.example.com", port: 5432, name: "shop", user: "shop_user", updatedAt: expect.any(String) },
    });
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    expect(await storedCiphertext(tenant.resourceId)).toMatch(/^v1\./);
    expect(await storedCiphertext(tenant.resourceId)).not.toContain(PASSWORD);
  });

  it.each([
    ["empty", "", "Enter a connection string."],
    ["another scheme", `mysql://u:${PASSWORD}@h/d`, "PostgreSQL connection string"],
    ["no database name", `postgresql://u:${PASSWORD}@h`, "database name"],
    ["an unencoded @ in the password", `postgresql://u:${PASSWORD}@x@h/d`, "percent-encode"],
    ["a file parameter", `postgresql://u:${PASSWORD}@h/d?sslkey=/etc/ssl/key.pem`, '"sslkey" is not supported'],
    ["a number", 5432, "Enter a connection string."],
  ])("refuses %s with a field error that does not repeat it, and stores nothing", async (_label, connectionString, message) => {
    const tenant = await makeTenant();
    asUser(tenant.owner.actor);
    const before = await snapshotWorkspace(tenant.workspaceId);
    const result = await setResourceConnectionAction({ resourceId: tenant.resourceId, connectionString });
    expect(result).toMatchObject({ ok: false, error: CHECK_FIELDS, fieldErrors: { connectionString: [expect.stringContaining(message)] } });
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    expect(await snapshotWorkspace(tenant.workspaceId)).toEqual(before);
  });

  it("refuses a host outside PLATFORM_DATABASE_HOSTS as a field error naming the setting, and keeps the old connection", async () => {
    const tenant = await makeTenant();
    asUser(tenant.owner.actor);
    expect(await setResourceConnectionAction({ resourceId: tenant.resourceId, connectionString: url("db.internal") })).toMatchObject({ ok: true });
    const before = await snapshotWorkspace(tenant.workspaceId);
    process.env.PLATFORM_DATABASE_HOSTS = "db.internal"; // names only: nothing to resolve
    const result = await setResourceConnectionAction({ resourceId: tenant.resourceId, connectionString: url("evil.example.com") });
    expect(result).toMatchObject({
      ok: false,
      error: expect.stringContaining("The host evil.example.com is not in PLATFORM_DATABASE_HOSTS"),
      fieldErrors: { connectionString: [expect.stringContaining("ask the operator")] },
    });
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    expect(await snapshotWorkspace(tenant.workspaceId)).toEqual(before);
    expect(await setResourceConnectionAction({ resourceId: tenant.resourceId, connectionString: url("db.internal") })).toMatchObject({ ok: true });
  });
});

describe("createResourceAction with a connection string", () => {
  it("creates the resource with its connection, described in the answer, for databases and environments", async () => {
    const tenant = await makeTenant();
    asUser(tenant.owner.actor);
    for (const kind of ["database", "environment"] as const) {
      const result = await createResourceAction({ projectId: tenant.projectId, kind, name: `with-${kind}`, connectionString: url() });
      if (!result.ok) throw new Error(result.error);
      expect(result.data.database).toEqual({ host: "db.example.com", port: 5432, name: "shop", user: "shop_user" });
      expect(JSON.stringify(result)).not.toContain(PASSWORD);
      expect(await storedCiphertext(result.data.id)).toMatch(/^v1\./);
    }
    const plain = await createResourceAction({ projectId: tenant.projectId, kind: "environment", name: "without" });
    expect(plain).toMatchObject({ ok: true, data: { database: null } });
    expect(await createResourceAction({ projectId: tenant.projectId, kind: "environment", name: "null", connectionString: null })).toMatchObject({
      ok: true,
      data: { database: null },
    });
  });

  it("creates nothing when the string is bad or its host is not allowed", async () => {
    const tenant = await makeTenant();
    asUser(tenant.owner.actor);
    const before = await snapshotWorkspace(tenant.workspaceId);
    const bad = await createResourceAction({ projectId: tenant.projectId, kind: "database", name: "bad", connectionString: "postgresql://nobody" });
    expect(bad).toMatchObject({ ok: false, fieldErrors: { connectionString: [expect.any(String)] } });
    process.env.PLATFORM_DATABASE_HOSTS = "10.0.0.0/8";
    const refused = await createResourceAction({ projectId: tenant.projectId, kind: "database", name: "refused", connectionString: url("127.0.0.1") });
    expect(refused).toMatchObject({ ok: false, fieldErrors: { connectionString: [expect.stringContaining("PLATFORM_DATABASE_HOSTS")] } });
    expect(await snapshotWorkspace(tenant.workspaceId)).toEqual(before);
  });
});

describe("removeResourceConnectionAction and testResourceConnectionAction", () => {
  it("tests the stored connection and a candidate, reports a refusal by host and cause, then removes it", async () => {
    const tenant = await makeTenant();
    asUser(tenant.owner.actor);
    expect(await testResourceConnectionAction({ resourceId: tenant.resourceId })).toEqual({
      ok: false,
      error: "This resource has no database connection to test.",
    });
    const candidate = await testResourceConnectionAction({ resourceId: tenant.resourceId, connectionString: serverUrl });
    expect(candidate).toMatchObject({ ok: true, data: { ok: true, serverVersion: expect.stringMatching(/^\d+/), latencyMs: expect.any(Number) } });
    expect(await storedCiphertext(tenant.resourceId)).toBeNull(); // a candidate is tested, not stored

    await setResourceConnectionAction({ resourceId: tenant.resourceId, connectionString: serverUrl });
    expect(await testResourceConnectionAction({ resourceId: tenant.resourceId })).toMatchObject({ ok: true, data: { ok: true } });
    process.env.PLATFORM_DATABASE_HOSTS = "10.0.0.0/8";
    const refused = await testResourceConnectionAction({ resourceId: tenant.resourceId });
    expect(refused).toMatchObject({ ok: true, data: { ok: false, message: expect.stringContaining("is not in PLATFORM_DATABASE_HOSTS") } });

    expect(await removeResourceConnectionAction({ resourceId: tenant.resourceId })).toEqual({ ok: true, data: null });
    expect(await storedCiphertext(tenant.resourceId)).toBeNull();
  });
});

describe("who may use the actions", () => {
  it("a Viewer may neither set, remove nor test; Billing and other workspaces get 'not found'; signed out, nothing", async () => {
    const tenant = await makeTenant();
    const outsider = await makeTenant();
    asUser(tenant.owner.actor);
    await setResourceConnectionAction({ resourceId: tenant.resourceId, connectionString: url() });
    const viewer = await makeMember(tenant, "VIEWER");
    const billing = await makeMember(tenant, "BILLING");
    const before = await snapshotWorkspace(tenant.workspaceId);
    const calls = [
      () => setResourceConnectionAction({ resourceId: tenant.resourceId, connectionString: url("evil.example.com") }),
      () => removeResourceConnectionAction({ resourceId: tenant.resourceId }),
      () => testResourceConnectionAction({ resourceId: tenant.resourceId }),
      () => testResourceConnectionAction({ resourceId: tenant.resourceId, connectionString: serverUrl }),
    ];

    asUser(viewer.actor);
    for (const call of calls) expect(await call()).toEqual(DENIED);
    for (const actor of [billing.actor, outsider.owner.actor]) {
      asUser(actor);
      for (const call of calls) expect(await call()).toMatchObject({ ok: false, error: "Resource was not found, or you do not have access to it." });
    }
    signOut();
    for (const call of calls) expect(await call()).toEqual({ ok: false, error: "Your session has ended. Sign in again." });
    expect(await snapshotWorkspace(tenant.workspaceId)).toEqual(before);
  });
});

describe("a stored string this server's key cannot decrypt", () => {
  it("lists the resource with database: null, and Test connection says to replace it; Replace works", async () => {
    const tenant = await makeTenant();
    asUser(tenant.owner.actor);
    await setResourceConnectionAction({ resourceId: tenant.resourceId, connectionString: url() });
    const prisma = await db();
    const stored = (await storedCiphertext(tenant.resourceId))!;
    await prisma.resource.update({ where: { id: tenant.resourceId }, data: { connectionCiphertext: stored.replace(/^v1\.[^.]+\./, "v1.otherkey.") } });

    const { getResource, listResources } = await import("@/lib/server/data/resources");
    expect((await getResource(tenant.owner.actor, tenant.resourceId)).database).toBeNull();
    expect((await listResources(tenant.owner.actor, tenant.projectId)).map((resource) => resource.database)).toEqual([null, null]);
    const tested = await testResourceConnectionAction({ resourceId: tenant.resourceId });
    expect(tested).toMatchObject({ ok: false, error: expect.stringMatching(/encrypted with another key.*Replace the connection string\.$/) });
    expect(await setResourceConnectionAction({ resourceId: tenant.resourceId, connectionString: url("db2.example.com") })).toMatchObject({
      ok: true,
      data: { host: "db2.example.com" },
    });
  });
});

describe("Test connection's limit", () => {
  it("answers 10 tests at once per caller, then refuses without connecting, while another caller still tests", async () => {
    const tenant = await makeTenant();
    const developer = await makeMember(tenant, "DEVELOPER");
    // A closed port: refused at once, so the burst is quick.
    const candidate = { resourceId: tenant.resourceId, connectionString: "postgresql://probe@127.0.0.1:1/none" };
    asUser(developer.actor);
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push(await testResourceConnectionAction(candidate));
    expect(answers.slice(0, 10).every((answer) => answer.ok && answer.data.ok === false)).toBe(true);
    expect(answers[10]).toEqual({ ok: false, error: expect.stringMatching(/^Too many connection tests\. Try again in \d+ s\.$/) });
    asUser(tenant.owner.actor);
    expect(await testResourceConnectionAction(candidate)).toMatchObject({ ok: true, data: { ok: false } });
  });
});
