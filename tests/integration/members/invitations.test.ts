import { describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { invitationSecrets } from "@/lib/keys/one-time-secret";
import { digestSecret } from "@/lib/keys/secret";
import { acceptInvitationAction } from "@/lib/server/actions/accept-invitation";
import { changeMemberRoleAction } from "@/lib/server/actions/change-member-role";
import { inviteMemberAction } from "@/lib/server/actions/invite-member";
import { leaveWorkspaceAction } from "@/lib/server/actions/leave-workspace";
import { removeMemberAction } from "@/lib/server/actions/remove-member";
import { renewInvitationAction } from "@/lib/server/actions/renew-invitation";
import { revokeInvitationAction } from "@/lib/server/actions/revoke-invitation";
import { previewInvitation } from "@/lib/server/data/invitation-acceptance";
import { listInvitations, type IssuedInvitation } from "@/lib/server/data/invitations";
import { listProjects } from "@/lib/server/data/projects";
import { db } from "@/lib/server/db";
import { makeMember, makeTenant, makeUser, missingId, unique, type Tenant, type TestUser } from "../../support/factories";
import { asUser } from "../../support/session";

// Without SMTP (this file): an invitation is a link that carries a one-time secret; whoever holds
// it joins, once, within seven days, and the invited email is a label. The SMTP flow, where the
// address must match too, is tests/integration/email/smtp.test.ts.

async function invite(tenant: Tenant, email: string, role = "VIEWER", by: TestUser = tenant.owner): Promise<IssuedInvitation> {
  asUser(by.actor);
  const result = await inviteMemberAction({ workspaceId: tenant.workspaceId, email, role });
  if (!result.ok) throw new Error(result.error);
  return result.data;
}

/** A user who signed up with `email` (sign-up never proves the address without SMTP). */
async function userWithEmail(email: string): Promise<TestUser> {
  const prisma = await db();
  const user = await prisma.user.create({ data: { id: newId("user"), email, name: "Squatter" }, select: { id: true } });
  return { actor: { type: "user", userId: user.id }, userId: user.id, email, name: "Squatter" };
}

const membership = async (userId: string, workspaceId: string) =>
  (await db()).membership.findUnique({ where: { userId_workspaceId: { userId, workspaceId } }, select: { role: true } });

describe("invitations by link", () => {
  it("cannot be claimed by a third party who signs up with the invited email but has no secret (the old attack)", async () => {
    const tenant = await makeTenant();
    const email = `new.hire-${unique()}@example.test`;
    asUser(tenant.owner.actor);
    expect(await inviteMemberAction({ workspaceId: tenant.workspaceId, email, role: "ADMIN" })).toMatchObject({ ok: true });
    const prisma = await db();
    const row = await prisma.invitation.findFirstOrThrow({ where: { email }, select: { id: true } });

    const squatter = await userWithEmail(email);
    asUser(squatter.actor);
    // The invitation's id plus the right email used to be the whole credential.
    expect((await acceptInvitationAction({ invitationId: row.id })).ok).toBe(false);
    const guessed = await acceptInvitationAction({ secret: invitationSecrets.generate().plaintext });
    expect(guessed).toMatchObject({ ok: false, error: expect.stringContaining("This invitation link is not valid") });
    expect(await membership(squatter.userId, tenant.workspaceId)).toBeNull();
  });

  it("let the holder of the secret join with the role, once, even from another address", async () => {
    const tenant = await makeTenant();
    const issued = await invite(tenant, "Label.Only@Example.TEST", "DEVELOPER");
    expect(issued.invitation).toMatchObject({ email: "label.only@example.test", role: "DEVELOPER", delivery: "LINK", hasSecret: true });
    expect(issued.workspaceName).toMatch(/^workspace-/);
    expect(issued.secret).toMatch(/^pcinv_[0-9A-Za-z]{38}$/);
    const days = (Date.parse(issued.invitation.expiresAt) - Date.parse(issued.invitation.createdAt)) / 86_400_000;
    expect(days).toBeCloseTo(7, 3);
    const secret = issued.secret!;

    const holder = await makeUser();
    asUser(holder.actor);
    expect(await previewInvitation(holder.actor, { secret })).toMatchObject({ status: "pending", role: "DEVELOPER", delivery: "LINK" });
    // A double click joins once.
    const [first, second] = await Promise.all([acceptInvitationAction({ secret }), acceptInvitationAction({ secret })]);
    expect(first).toEqual({ ok: true, data: { workspaceId: tenant.workspaceId } });
    expect(second).toEqual({ ok: true, data: { workspaceId: tenant.workspaceId } });
    const prisma = await db();
    expect(await prisma.membership.count({ where: { userId: holder.userId, workspaceId: tenant.workspaceId } })).toBe(1);
    expect((await membership(holder.userId, tenant.workspaceId))?.role).toBe("DEVELOPER");
    expect(await listProjects(holder.actor, tenant.workspaceId)).toHaveLength(1);
    expect(await previewInvitation(holder.actor, { secret })).toEqual({ status: "member", workspaceId: tenant.workspaceId });
    const row = await prisma.invitation.findUniqueOrThrow({ where: { id: issued.invitation.id } });
    expect(row.acceptedById).toBe(holder.userId);
    // Without SMTP, joining through a link proves nothing about an address.
    expect((await prisma.user.findUniqueOrThrow({ where: { id: holder.userId } })).emailVerifiedAt).toBeNull();
    expect(await listInvitations(tenant.owner.actor, tenant.workspaceId)).toEqual([]);

    // Used is used: a second person with the same link gets nothing.
    const latecomer = await makeUser();
    asUser(latecomer.actor);
    expect(await acceptInvitationAction({ secret })).toEqual({
      ok: false,
      error: "This invitation has already been used. Ask an Admin of the workspace for a new one.",
    });
    expect(await membership(latecomer.userId, tenant.workspaceId)).toBeNull();
  });

  it("refuse a wrong, mistyped or expired secret and store only its digest", async () => {
    const tenant = await makeTenant();
    const { invitation, secret } = await invite(tenant, `${unique("digest")}@example.test`);
    const prisma = await db();
    const row = await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.secretDigest).toBe(digestSecret(secret!));
    const table = await prisma.$queryRaw<{ dump: string }[]>`SELECT string_agg(t::text, ',') AS dump FROM "Invitation" t`;
    expect(table[0]!.dump).toContain(row.secretDigest!);
    expect(table[0]!.dump).not.toContain(secret!);
    expect(table[0]!.dump).not.toContain(secret!.slice(6, 38));

    const invitee = await makeUser();
    asUser(invitee.actor);
    const typo = `${secret!.slice(0, 20)}${secret![20] === "x" ? "y" : "x"}${secret!.slice(21)}`;
    for (const wrong of [typo, invitationSecrets.generate().plaintext, "pcinv_short", `${secret} `]) {
      expect(await acceptInvitationAction({ secret: wrong })).toMatchObject({ ok: false, error: expect.stringContaining("not valid") });
    }
    expect(await previewInvitation(invitee.actor, { secret: typo })).toEqual({ status: "invalid" });
    await prisma.invitation.update({ where: { id: invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await acceptInvitationAction({ secret: secret! })).toEqual({ ok: false, error: "This invitation has expired. Ask an Admin for a new one." });
    expect(await prisma.membership.count({ where: { userId: invitee.userId } })).toBe(0);
  });

  it("are revoked with their sender's Admin role: demoted, removed or leaving, in the same change", async () => {
    const tenant = await makeTenant();
    const changes: [string, (sender: TestUser) => Promise<{ ok: boolean }>][] = [
      ["demoted", (sender) => (asUser(tenant.owner.actor), changeMemberRoleAction({ workspaceId: tenant.workspaceId, userId: sender.userId, role: "DEVELOPER" }))],
      ["removed", (sender) => (asUser(tenant.owner.actor), removeMemberAction({ workspaceId: tenant.workspaceId, userId: sender.userId }))],
      ["leaving", (sender) => (asUser(sender.actor), leaveWorkspaceAction({ workspaceId: tenant.workspaceId }))],
    ];
    const ownInvitation = await invite(tenant, `${unique("owners")}@example.test`);
    for (const [label, change] of changes) {
      const sender = await makeMember(tenant, "ADMIN");
      const sent = await invite(tenant, `${unique(label)}@example.test`, "ADMIN", sender);
      expect(await change(sender)).toMatchObject({ ok: true });
      const pending = await listInvitations(tenant.owner.actor, tenant.workspaceId);
      expect(pending.map((row) => row.id), label).toEqual([ownInvitation.invitation.id]);
      const holder = await makeUser();
      asUser(holder.actor);
      expect((await acceptInvitationAction({ secret: sent.secret })).ok, label).toBe(false);
      expect(await membership(holder.userId, tenant.workspaceId)).toBeNull();
    }
    // A sender demoted some other way (here, straight in the database) still cannot admit anyone.
    const sender = await makeMember(tenant, "ADMIN");
    const sent = await invite(tenant, `${unique("raw")}@example.test`, "ADMIN", sender);
    await (await db()).membership.updateMany({ where: { userId: sender.userId }, data: { role: "VIEWER" } });
    const holder = await makeUser();
    asUser(holder.actor);
    expect(await acceptInvitationAction({ secret: sent.secret })).toMatchObject({ ok: false, error: expect.stringContaining("not valid") });
  });

  it("get a new link that replaces the old one, also for invitations made before secrets", async () => {
    const tenant = await makeTenant();
    const issued = await invite(tenant, `${unique("renew")}@example.test`, "VIEWER");
    asUser(tenant.owner.actor);
    const renewed = await renewInvitationAction({ invitationId: issued.invitation.id });
    if (!renewed.ok) throw new Error(renewed.error);
    expect(renewed.data.invitation.id).toBe(issued.invitation.id);
    expect(renewed.data.secret).not.toBe(issued.secret);

    const holder = await makeUser();
    asUser(holder.actor);
    expect((await acceptInvitationAction({ secret: issued.secret })).ok).toBe(false);
    expect(await acceptInvitationAction({ secret: renewed.data.secret })).toMatchObject({ ok: true });

    // An invitation from before this change has no secret: it cannot be accepted, only renewed.
    const prisma = await db();
    const legacy = await prisma.invitation.create({
      data: { id: newId("invitation"), workspaceId: tenant.workspaceId, email: "legacy@example.test", role: "VIEWER", invitedById: tenant.owner.userId, expiresAt: new Date(Date.now() + 86_400_000) },
    });
    const listed = await listInvitations(tenant.owner.actor, tenant.workspaceId);
    expect(listed.find((row) => row.id === legacy.id)).toMatchObject({ hasSecret: false });
    asUser(tenant.owner.actor);
    const fresh = await renewInvitationAction({ invitationId: legacy.id });
    expect(fresh).toMatchObject({ ok: true, data: { secret: expect.stringMatching(/^pcinv_/), invitation: { hasSecret: true } } });
  });

  it("are made, renewed and revoked by Admins only; others get the missing-object answer", async () => {
    const tenant = await makeTenant();
    const developer = await makeMember(tenant, "DEVELOPER");
    asUser(developer.actor);
    const denied = await inviteMemberAction({ workspaceId: tenant.workspaceId, email: "x@example.test", role: "ADMIN" });
    expect(denied).toMatchObject({ ok: false, error: "Your role in this workspace does not allow this." });

    const { invitation } = await invite(tenant, "pending@example.test");
    const other = await makeTenant();
    asUser(other.owner.actor);
    const missing = await revokeInvitationAction({ invitationId: missingId("invitation") });
    expect(await revokeInvitationAction({ invitationId: invitation.id })).toEqual(missing);
    expect(await renewInvitationAction({ invitationId: invitation.id })).toEqual(missing);
    asUser(developer.actor);
    expect(await renewInvitationAction({ invitationId: invitation.id })).toEqual(missing);
    expect(missing.ok).toBe(false);
    expect(await listInvitations(tenant.owner.actor, tenant.workspaceId)).toHaveLength(1);

    asUser(tenant.owner.actor);
    expect(await revokeInvitationAction({ invitationId: invitation.id })).toMatchObject({ ok: true });
    expect(await listInvitations(tenant.owner.actor, tenant.workspaceId)).toEqual([]);
  });

  it("refuse bad input and existing members with a field error", async () => {
    const tenant = await makeTenant();
    const member = await makeMember(tenant, "VIEWER");
    asUser(tenant.owner.actor);
    const badEmail = await inviteMemberAction({ workspaceId: tenant.workspaceId, email: "not-an-email", role: "VIEWER" });
    expect(badEmail).toMatchObject({ ok: false, fieldErrors: { email: ["Enter a valid email address."] } });
    const badRole = await inviteMemberAction({ workspaceId: tenant.workspaceId, email: "a@example.test", role: "OWNER" });
    expect(badRole).toMatchObject({ ok: false, fieldErrors: { role: ["Choose a role."] } });
    const existing = await inviteMemberAction({ workspaceId: tenant.workspaceId, email: member.email, role: "ADMIN" });
    expect(existing).toMatchObject({ ok: false, fieldErrors: { email: ["Already a member of this workspace."] } });
    expect(await listInvitations(tenant.owner.actor, tenant.workspaceId)).toEqual([]);
    expect(await acceptInvitationAction({ secret: 42 })).toMatchObject({ ok: false, fieldErrors: { secret: ["This link is not valid."] } });
  });

  it("refuse a second pending invitation for the same address, and none stays pending once that person joins", async () => {
    const tenant = await makeTenant();
    const email = `${unique("twice")}@example.test`;
    const first = await invite(tenant, email, "VIEWER");
    asUser(tenant.owner.actor);
    const second = await inviteMemberAction({ workspaceId: tenant.workspaceId, email, role: "ADMIN" });
    expect(second).toMatchObject({ ok: false, fieldErrors: { email: [expect.stringMatching(/^Already invited\./)] } });
    expect(await listInvitations(tenant.owner.actor, tenant.workspaceId)).toHaveLength(1);

    // An old invitation for the address (made before this check existed) and the one above: the
    // person joins through one, and neither is left pending.
    const prisma = await db();
    await prisma.invitation.create({
      data: { id: newId("invitation"), workspaceId: tenant.workspaceId, email, role: "DEVELOPER", expiresAt: new Date(Date.now() + 86_400_000) },
    });
    const joiner = await userWithEmail(email);
    asUser(joiner.actor);
    expect(await acceptInvitationAction({ secret: first.secret })).toMatchObject({ ok: true });
    expect(await membership(joiner.userId, tenant.workspaceId)).toEqual({ role: "VIEWER" });
    expect(await listInvitations(tenant.owner.actor, tenant.workspaceId)).toEqual([]);
  });
});
