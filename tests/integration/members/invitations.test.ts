import { describe, expect, it } from "vitest";
import { acceptInvitationAction } from "@/lib/server/actions/accept-invitation";
import { inviteMemberAction } from "@/lib/server/actions/invite-member";
import { revokeInvitationAction } from "@/lib/server/actions/revoke-invitation";
import { listInvitations, viewInvitation } from "@/lib/server/data/invitations";
import { listProjects } from "@/lib/server/data/projects";
import { db } from "@/lib/server/db";
import { makeMember, makeTenant, makeUser, missingId } from "../../support/factories";
import { asUser } from "../../support/session";

async function invite(tenant: Awaited<ReturnType<typeof makeTenant>>, email: string, role = "VIEWER") {
  asUser(tenant.owner.actor);
  const result = await inviteMemberAction({ workspaceId: tenant.workspaceId, email, role });
  if (!result.ok) throw new Error(result.error);
  return result.data;
}

describe("invitations", () => {
  it("let the invited email join with the chosen role, once", async () => {
    const tenant = await makeTenant();
    const invitee = await makeUser();
    const invitation = await invite(tenant, invitee.email.toUpperCase(), "VIEWER");
    expect(invitation.email).toBe(invitee.email);
    expect(invitation.id).toMatch(/^inv_/);
    const days = (Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt)) / 86_400_000;
    expect(days).toBeCloseTo(7, 3);

    asUser(invitee.actor);
    expect(await viewInvitation(invitee.actor, { invitationId: invitation.id })).toMatchObject({ status: "pending", role: "VIEWER" });
    const [first, second] = await Promise.all([
      acceptInvitationAction({ invitationId: invitation.id }),
      acceptInvitationAction({ invitationId: invitation.id }),
    ]);
    expect(first).toEqual({ ok: true, data: { workspaceId: tenant.workspaceId } });
    expect(second).toEqual({ ok: true, data: { workspaceId: tenant.workspaceId } });

    const prisma = await db();
    const memberships = await prisma.membership.findMany({ where: { userId: invitee.userId, workspaceId: tenant.workspaceId } });
    expect(memberships).toHaveLength(1);
    expect(memberships[0]?.role).toBe("VIEWER");
    expect(await listProjects(invitee.actor, tenant.workspaceId)).toHaveLength(1);
    expect(await listInvitations(tenant.owner.actor, tenant.workspaceId)).toEqual([]);
  });

  it("cannot be accepted by another account, and show it nothing of the workspace", async () => {
    const tenant = await makeTenant();
    const invitation = await invite(tenant, "someone-else@example.test");
    const stranger = await makeUser();
    asUser(stranger.actor);
    const view = await viewInvitation(stranger.actor, { invitationId: invitation.id });
    expect(view).toEqual({ status: "wrong-email", email: stranger.email });
    const result = await acceptInvitationAction({ invitationId: invitation.id });
    expect(result).toEqual({ ok: false, error: "This invitation was sent to another email address." });
    const prisma = await db();
    expect(await prisma.membership.count({ where: { userId: stranger.userId } })).toBe(0);
  });

  it("expire after seven days", async () => {
    const tenant = await makeTenant();
    const invitee = await makeUser();
    const invitation = await invite(tenant, invitee.email);
    const prisma = await db();
    await prisma.invitation.update({ where: { id: invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    asUser(invitee.actor);
    const result = await acceptInvitationAction({ invitationId: invitation.id });
    expect(result).toMatchObject({ ok: false, error: "This invitation has expired. Ask an Admin for a new one." });
    expect(await prisma.membership.count({ where: { userId: invitee.userId } })).toBe(0);
  });

  it("are made and revoked by Admins only; others get the missing-object answer", async () => {
    const tenant = await makeTenant();
    const developer = await makeMember(tenant, "DEVELOPER");
    asUser(developer.actor);
    const denied = await inviteMemberAction({ workspaceId: tenant.workspaceId, email: "x@example.test", role: "ADMIN" });
    expect(denied).toMatchObject({ ok: false, error: "Your role in this workspace does not allow this." });

    const invitation = await invite(tenant, "pending@example.test");
    const other = await makeTenant();
    asUser(other.owner.actor);
    const foreign = await revokeInvitationAction({ invitationId: invitation.id });
    const missing = await revokeInvitationAction({ invitationId: missingId("invitation") });
    expect(foreign).toEqual(missing);
    expect(foreign.ok).toBe(false);
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
  });
});
