import { describe, expect, it } from "vitest";
import { changeMemberRoleAction } from "@/lib/server/actions/change-member-role";
import { leaveWorkspaceAction } from "@/lib/server/actions/leave-workspace";
import { removeMemberAction } from "@/lib/server/actions/remove-member";
import { listWorkspaces } from "@/lib/server/data/workspaces";
import { listMembers } from "@/lib/server/data/workspaces";
import { makeMember, makeTenant } from "../../support/factories";
import { asUser } from "../../support/session";

const roleOf = async (tenant: Awaited<ReturnType<typeof makeTenant>>, userId: string) =>
  (await listMembers(tenant.owner.actor, tenant.workspaceId)).find((member) => member.userId === userId)?.role;

describe("member roles", () => {
  it("are changed by an Admin and take effect on the next call", async () => {
    const tenant = await makeTenant();
    const member = await makeMember(tenant, "DEVELOPER");
    asUser(tenant.owner.actor);
    expect(await changeMemberRoleAction({ workspaceId: tenant.workspaceId, userId: member.userId, role: "VIEWER" })).toMatchObject({ ok: true });
    expect(await roleOf(tenant, member.userId)).toBe("VIEWER");
  });

  it("cannot be changed by a Developer", async () => {
    const tenant = await makeTenant();
    const developer = await makeMember(tenant, "DEVELOPER");
    asUser(developer.actor);
    const result = await changeMemberRoleAction({ workspaceId: tenant.workspaceId, userId: developer.userId, role: "ADMIN" });
    expect(result).toMatchObject({ ok: false, error: "Your role in this workspace does not allow this." });
    expect(await roleOf(tenant, developer.userId)).toBe("DEVELOPER");
  });

  it("never leave a workspace without an Admin", async () => {
    const tenant = await makeTenant();
    asUser(tenant.owner.actor);
    const demote = await changeMemberRoleAction({ workspaceId: tenant.workspaceId, userId: tenant.owner.userId, role: "VIEWER" });
    expect(demote).toMatchObject({ ok: false, error: expect.stringContaining("at least one Admin") });
    const leave = await removeMemberAction({ workspaceId: tenant.workspaceId, userId: tenant.owner.userId });
    expect(leave).toMatchObject({ ok: false, error: expect.stringContaining("at least one Admin") });
    expect(await roleOf(tenant, tenant.owner.userId)).toBe("ADMIN");

    const second = await makeMember(tenant, "ADMIN");
    expect(await changeMemberRoleAction({ workspaceId: tenant.workspaceId, userId: tenant.owner.userId, role: "VIEWER" })).toMatchObject({ ok: true });
    asUser(second.actor);
    expect(await removeMemberAction({ workspaceId: tenant.workspaceId, userId: second.userId })).toMatchObject({ ok: false });
  });

  it("removal ends access; another workspace's member answers as a missing one", async () => {
    const tenant = await makeTenant();
    const member = await makeMember(tenant, "VIEWER");
    const other = await makeTenant();
    asUser(other.owner.actor);
    const foreign = await removeMemberAction({ workspaceId: tenant.workspaceId, userId: member.userId });
    expect(foreign).toMatchObject({ ok: false, error: "Workspace was not found, or you do not have access to it." });

    asUser(tenant.owner.actor);
    expect(await removeMemberAction({ workspaceId: tenant.workspaceId, userId: member.userId })).toMatchObject({ ok: true });
    expect(await roleOf(tenant, member.userId)).toBeUndefined();
    const again = await removeMemberAction({ workspaceId: tenant.workspaceId, userId: member.userId });
    expect(again).toMatchObject({ ok: false, error: "Member was not found, or you do not have access to it." });
  });

  it("can be left by any member, a Viewer or Billing too; the last Admin cannot leave", async () => {
    const tenant = await makeTenant();
    for (const role of ["VIEWER", "BILLING", "DEVELOPER"] as const) {
      const member = await makeMember(tenant, role);
      asUser(member.actor);
      expect(await leaveWorkspaceAction({ workspaceId: tenant.workspaceId })).toEqual({ ok: true, data: { workspaceId: tenant.workspaceId } });
      expect(await roleOf(tenant, member.userId)).toBeUndefined();
      expect(await listWorkspaces(member.actor)).toEqual([]);
      // Gone means gone: a second try answers like any workspace they are not in.
      expect(await leaveWorkspaceAction({ workspaceId: tenant.workspaceId })).toMatchObject({
        ok: false,
        error: "Workspace was not found, or you do not have access to it.",
      });
    }

    asUser(tenant.owner.actor);
    const last = await leaveWorkspaceAction({ workspaceId: tenant.workspaceId });
    expect(last).toMatchObject({ ok: false, error: expect.stringContaining("at least one Admin") });
    expect(await roleOf(tenant, tenant.owner.userId)).toBe("ADMIN");

    const second = await makeMember(tenant, "ADMIN");
    expect(await leaveWorkspaceAction({ workspaceId: tenant.workspaceId })).toMatchObject({ ok: true });
    const remaining = await listMembers(second.actor, tenant.workspaceId);
    expect(remaining.map((member) => [member.userId, member.role])).toEqual([[second.userId, "ADMIN"]]);

    const stranger = await makeTenant();
    asUser(stranger.owner.actor);
    expect(await leaveWorkspaceAction({ workspaceId: tenant.workspaceId })).toMatchObject({ ok: false, error: "Workspace was not found, or you do not have access to it." });
    expect(await leaveWorkspaceAction({ workspaceId: "nope" })).toMatchObject({ ok: false, fieldErrors: { workspaceId: ["Not a valid id."] } });
  });

  it("a demoted Admin can no longer change roles", async () => {
    const tenant = await makeTenant();
    const second = await makeMember(tenant, "ADMIN");
    const developer = await makeMember(tenant, "DEVELOPER");
    asUser(tenant.owner.actor);
    expect(await changeMemberRoleAction({ workspaceId: tenant.workspaceId, userId: second.userId, role: "VIEWER" })).toMatchObject({ ok: true });
    asUser(second.actor);
    const denied = await changeMemberRoleAction({ workspaceId: tenant.workspaceId, userId: developer.userId, role: "ADMIN" });
    expect(denied).toMatchObject({ ok: false, error: "Your role in this workspace does not allow this." });
    expect(await roleOf(tenant, developer.userId)).toBe("DEVELOPER");
  });
});
