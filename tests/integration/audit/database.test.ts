import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { retentionDaysFrom, sweepAuditLog } from "@/lib/server/audit/sweeper";
import { createApiKey, deleteApiKey } from "@/lib/server/data/api-keys";
import { rollApiKey } from "@/lib/server/data/api-key-roll";
import { changeMemberRole } from "@/lib/server/data/members";
import { deleteProject, renameProject } from "@/lib/server/data/projects";
import { db } from "@/lib/server/db";
import { generateApiKey } from "@/lib/keys/api-key";
import { makeMember, makeTenant, makeUser, unique } from "../../support/factories";
import { storedEntries } from "./support";

// The database's side: entries cannot be changed or deleted (but by the retention sweep), and an
// entry and its change commit together or not at all. Two test triggers make the audit insert
// fail, at once or at commit, for objects whose name starts with a marker; every other insert (of
// this file and of any other test file sharing the PostgreSQL database) is untouched.

const NOW_MARKER = "audit-fail-now";
const COMMIT_MARKER = "audit-fail-commit";

beforeAll(async () => {
  const prisma = await db();
  await prisma.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION test_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW."objectName" LIKE TG_ARGV[0] || '%' THEN RAISE EXCEPTION 'test: audit insert refused'; END IF;
      RETURN NEW;
    END $$`);
  await prisma.$executeRawUnsafe(`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'test_audit_refuse_now') THEN
        CREATE TRIGGER test_audit_refuse_now BEFORE INSERT ON "AuditLogEntry"
          FOR EACH ROW EXECUTE FUNCTION test_audit_refuse('${NOW_MARKER}');
      END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'test_audit_refuse_commit') THEN
        CREATE CONSTRAINT TRIGGER test_audit_refuse_commit AFTER INSERT ON "AuditLogEntry"
          DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_audit_refuse('${COMMIT_MARKER}');
      END IF;
    END $$`);
});

async function insertEntry(workspaceId: string, createdAt: Date) {
  const id = newId("auditLogEntry");
  const prisma = await db();
  await prisma.auditLogEntry.create({
    data: { id, workspaceId, createdAt, action: "project.created", actorType: "system", objectType: "project", objectName: "old", path: "system" },
  });
  return id;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * A change whose transaction fails at COMMIT (the deferred test trigger). PostgreSQL's adapter
 * reports it; pglite-prisma-adapter 0.7.2 answers a failed COMMIT of an interactive transaction as
 * if it had succeeded (PGlite itself rolled it back), so there what is checked is what is stored.
 */
async function refusedAtCommit(work: Promise<unknown>): Promise<void> {
  const outcome = await work.then(
    () => "reported as committed",
    (error: unknown) => String(error),
  );
  if (process.env.DATABASE_URL !== "memory://") expect(outcome).toMatch(/audit insert refused/);
}

describe("the audit table", () => {
  it("refuses UPDATE, DELETE and TRUNCATE, whoever sends them", async () => {
    const tenant = await makeTenant();
    const id = await insertEntry(tenant.workspaceId, new Date(Date.now() - 400 * DAY));
    const prisma = await db();
    await expect(prisma.auditLogEntry.update({ where: { id }, data: { action: "project.deleted" } })).rejects.toThrow(/append-only/);
    await expect(prisma.auditLogEntry.deleteMany({ where: { id } })).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRawUnsafe(`UPDATE "AuditLogEntry" SET "objectName" = 'x' WHERE id = $1`, id)).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRawUnsafe(`DELETE FROM "AuditLogEntry" WHERE id = $1`, id)).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRawUnsafe(`TRUNCATE "AuditLogEntry"`)).rejects.toThrow(/append-only/);
    // Setting the sweep's cutoff by hand lets nothing younger than a day go.
    const recent = await insertEntry(tenant.workspaceId, new Date(Date.now() - 60_000));
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SELECT set_config('platform.audit_sweep_before', now()::text, true)`);
        await tx.$executeRawUnsafe(`DELETE FROM "AuditLogEntry" WHERE id = $1`, recent);
      }),
    ).rejects.toThrow(/append-only/);
    expect((await storedEntries(tenant.workspaceId)).map((entry) => entry.id)).toEqual(expect.arrayContaining([id, recent]));
  });

  it("loses only what is older than the retention in the sweep", async () => {
    const tenant = await makeTenant();
    const old = await insertEntry(tenant.workspaceId, new Date(Date.now() - 40 * DAY));
    const young = await insertEntry(tenant.workspaceId, new Date(Date.now() - 20 * DAY));
    expect(await sweepAuditLog(30)).toBeGreaterThanOrEqual(1);
    const ids = (await storedEntries(tenant.workspaceId)).map((entry) => entry.id);
    expect(ids).toContain(young);
    expect(ids).not.toContain(old);
    await expect(sweepAuditLog(0)).rejects.toThrow(/at least 1 day/);
    // After the sweep, its cutoff is gone: a plain DELETE is refused again.
    await expect((await db()).$executeRawUnsafe(`DELETE FROM "AuditLogEntry" WHERE id = $1`, young)).rejects.toThrow(/append-only/);
  });

  it("reads AUDIT_LOG_RETENTION_DAYS: 365 by default, whole days from 1, and refuses anything else", () => {
    expect(retentionDaysFrom({})).toBe(365);
    expect(retentionDaysFrom({ AUDIT_LOG_RETENTION_DAYS: " 90 " })).toBe(90);
    for (const bad of ["0", "-5", "1.5", "ten", "99999"]) expect(() => retentionDaysFrom({ AUDIT_LOG_RETENTION_DAYS: bad })).toThrow(/AUDIT_LOG_RETENTION_DAYS/);
  });
});

describe("an entry and its change", () => {
  it("never commit apart: when the entry cannot be written, the change is rolled back", async () => {
    const tenant = await makeTenant();
    const prisma = await db();
    const before = (await storedEntries(tenant.workspaceId)).length;
    await expect(createApiKey(tenant.owner.actor, { resourceId: tenant.resourceId, name: `${NOW_MARKER}-key` })).rejects.toThrow(/audit insert refused/);
    expect(await prisma.apiKey.count({ where: { name: `${NOW_MARKER}-key` } })).toBe(0);

    await expect(renameProject(tenant.owner.actor, { projectId: tenant.projectId, name: `${NOW_MARKER}-project` })).rejects.toThrow(/audit insert refused/);
    expect((await prisma.project.findUniqueOrThrow({ where: { id: tenant.projectId } })).name).not.toContain(NOW_MARKER);

    const member = await makeUser();
    await prisma.user.update({ where: { id: member.userId }, data: { email: `${NOW_MARKER}-${unique()}@example.test` } });
    await prisma.membership.create({ data: { id: newId("membership"), userId: member.userId, workspaceId: tenant.workspaceId, role: "VIEWER" } });
    await expect(changeMemberRole(tenant.owner.actor, { workspaceId: tenant.workspaceId, userId: member.userId, role: "ADMIN" })).rejects.toThrow(/audit insert refused/);
    expect((await prisma.membership.findFirstOrThrow({ where: { userId: member.userId } })).role).toBe("VIEWER");
    expect((await storedEntries(tenant.workspaceId)).length).toBe(before);
  });

  it("never commit apart: when the transaction fails after the entry was written, neither is kept", async () => {
    const tenant = await makeTenant();
    const prisma = await db();
    const before = (await storedEntries(tenant.workspaceId)).length;
    await refusedAtCommit(createApiKey(tenant.owner.actor, { resourceId: tenant.resourceId, name: `${COMMIT_MARKER}-new` }));
    expect(await prisma.apiKey.count({ where: { name: `${COMMIT_MARKER}-new` } })).toBe(0);

    // A key written straight to the table (its creation would be refused): its roll and its delete
    // write entries named after it, which fail at commit.
    const keyId = newId("apiKey");
    const { digest, hint } = generateApiKey();
    await prisma.apiKey.create({ data: { id: keyId, workspaceId: tenant.workspaceId, resourceId: tenant.resourceId, name: `${COMMIT_MARKER}-old`, digest, hint } });
    await refusedAtCommit(rollApiKey(tenant.owner.actor, { apiKeyId: keyId, gracePeriod: 3_600_000 }));
    expect(await prisma.apiKey.findUniqueOrThrow({ where: { id: keyId } })).toMatchObject({ rolledToId: null, expiresAt: null });
    expect(await prisma.apiKey.count({ where: { resourceId: tenant.resourceId } })).toBe(1);
    await refusedAtCommit(deleteApiKey(tenant.owner.actor, { apiKeyId: keyId }));
    expect(await prisma.apiKey.count({ where: { id: keyId } })).toBe(1);

    await prisma.project.update({ where: { id: tenant.projectId }, data: { name: `${COMMIT_MARKER}-project` } });
    await refusedAtCommit(deleteProject(tenant.owner.actor, { projectId: tenant.projectId }));
    expect(await prisma.project.count({ where: { id: tenant.projectId } })).toBe(1);
    expect(await prisma.apiKey.count({ where: { resourceId: tenant.resourceId } })).toBe(1);
    expect((await storedEntries(tenant.workspaceId)).length).toBe(before);
  });

  it("leaves no entry for a change refused by its own rules", async () => {
    const tenant = await makeTenant();
    const viewer = await makeMember(tenant, "VIEWER");
    const before = (await storedEntries(tenant.workspaceId)).length;
    await expect(createApiKey(viewer.actor, { resourceId: tenant.resourceId, name: "x" })).rejects.toThrow();
    await expect(changeMemberRole(tenant.owner.actor, { workspaceId: tenant.workspaceId, userId: tenant.owner.userId, role: "VIEWER" })).rejects.toThrow(/at least one Admin/);
    expect((await storedEntries(tenant.workspaceId)).length).toBe(before);
  });
});
