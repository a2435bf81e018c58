import { describe, expect, it } from "vitest";
import { acceptInvitationAction } from "@/lib/server/actions/accept-invitation";
import { changeMemberRoleAction } from "@/lib/server/actions/change-member-role";
import { createApiKeyAction } from "@/lib/server/actions/create-api-key";
import { createPersonalTokenAction } from "@/lib/server/actions/create-personal-token";
import { createProjectAction } from "@/lib/server/actions/create-project";
import { createResourceAction } from "@/lib/server/actions/create-resource";
import { createServiceTokenAction } from "@/lib/server/actions/create-service-token";
import { createWorkspaceAction } from "@/lib/server/actions/create-workspace";
import { deleteAccessTokenAction } from "@/lib/server/actions/delete-access-token";
import { deleteApiKeyAction } from "@/lib/server/actions/delete-api-key";
import { deleteProjectAction } from "@/lib/server/actions/delete-project";
import { deleteResourceAction } from "@/lib/server/actions/delete-resource";
import { inviteMemberAction } from "@/lib/server/actions/invite-member";
import { leaveWorkspaceAction } from "@/lib/server/actions/leave-workspace";
import { removeMemberAction } from "@/lib/server/actions/remove-member";
import { removeResourceConnectionAction } from "@/lib/server/actions/remove-resource-connection";
import { renameProjectAction } from "@/lib/server/actions/rename-project";
import { renameResourceAction } from "@/lib/server/actions/rename-resource";
import { renameWorkspaceAction } from "@/lib/server/actions/rename-workspace";
import { renewInvitationAction } from "@/lib/server/actions/renew-invitation";
import { revokeInvitationAction } from "@/lib/server/actions/revoke-invitation";
import { rollApiKeyAction } from "@/lib/server/actions/roll-api-key";
import { setResourceConnectionAction } from "@/lib/server/actions/set-resource-connection";
import { testResourceConnectionAction } from "@/lib/server/actions/test-resource-connection";
import { updateKeyNudgesAction } from "@/lib/server/actions/update-key-nudges";
import { updateKeyPolicyAction } from "@/lib/server/actions/update-key-policy";
import { addMember, makeMember, makeTenant, makeUser, unique } from "../../support/factories";
import { asUser, TEST_CONSOLE_ORIGIN } from "../../support/session";
import { everyEntryAsText, onlyEntry, storedEntries } from "./support";

// Every change the Console's server actions make is in the workspace's audit log with who made it,
// on which object (id and name), and where from: path "console", the address and the user agent
// that requireActor() puts on the Actor.

const PASSWORD = "Audit-Canary-Pw-19d2";

async function ok<R extends { ok: boolean }>(result: Promise<R>): Promise<Extract<R, { ok: true }> extends { data: infer D } ? D : never> {
  const answer = await result;
  expect(answer).toMatchObject({ ok: true });
  return (answer as unknown as { data: never }).data;
}

function expectConsoleEntry(entry: Awaited<ReturnType<typeof onlyEntry>>, by: { userId: string; email: string }, object: { type: string; id: string; name?: string }) {
  expect(entry).toMatchObject({
    actorType: "user",
    actorUserId: by.userId,
    actorEmail: by.email,
    tokenId: null,
    objectType: object.type,
    objectId: object.id,
    ...(object.name !== undefined ? { objectName: object.name } : {}),
    path: "console",
    address: TEST_CONSOLE_ORIGIN.address,
    userAgent: TEST_CONSOLE_ORIGIN.userAgent,
  });
}

describe("the audit log, through the Console's actions", () => {
  it("records workspace, project and resource changes, with a name snapshot and what changed", async () => {
    const owner = await makeUser();
    asUser(owner.actor);
    const workspace = await ok(createWorkspaceAction({ name: "Acme" }));
    expectConsoleEntry(await onlyEntry(workspace.id, "workspace.created"), owner, { type: "workspace", id: workspace.id, name: "Acme" });
    await ok(renameWorkspaceAction({ workspaceId: workspace.id, name: "Acme Inc" }));
    expect((await onlyEntry(workspace.id, "workspace.renamed")).details).toEqual({ from: "Acme", to: "Acme Inc" });

    const project = await ok(createProjectAction({ workspaceId: workspace.id, name: "Shop" }));
    expectConsoleEntry(await onlyEntry(workspace.id, "project.created"), owner, { type: "project", id: project.id, name: "Shop" });
    await ok(renameProjectAction({ projectId: project.id, name: "Storefront" }));
    const renamed = await onlyEntry(workspace.id, "project.renamed");
    expectConsoleEntry(renamed, owner, { type: "project", id: project.id, name: "Storefront" });
    expect(renamed.details).toEqual({ from: "Shop", to: "Storefront" });

    const url = `postgresql://shop:${PASSWORD}@db.example.com:5432/shop`;
    const resource = await ok(createResourceAction({ projectId: project.id, kind: "database", name: "orders", connectionString: url }));
    expectConsoleEntry(await onlyEntry(workspace.id, "resource.created"), owner, { type: "resource", id: resource.id, name: "orders" });
    await ok(renameResourceAction({ resourceId: resource.id, name: "orders-db" }));
    expect((await onlyEntry(workspace.id, "resource.renamed")).details).toEqual({ from: "orders", to: "orders-db" });
    await ok(setResourceConnectionAction({ resourceId: resource.id, connectionString: url.replace("db.example", "db2.example") }));
    const sets = await storedEntries(workspace.id, "resource.connection_set");
    // That it changed, not where it points: no part of a connection string is stored in plaintext.
    expect(sets.map((entry) => [entry.objectId, entry.details])).toEqual([
      [resource.id, null],
      [resource.id, null],
    ]);
    // Nothing answers at that name here: the test fails, and says where it was made to connect.
    await ok(testResourceConnectionAction({ resourceId: resource.id }));
    expect((await onlyEntry(workspace.id, "resource.connection_tested")).details).toEqual({ ok: false, candidate: false });
    await ok(removeResourceConnectionAction({ resourceId: resource.id }));
    expectConsoleEntry(await onlyEntry(workspace.id, "resource.connection_removed"), owner, { type: "resource", id: resource.id, name: "orders-db" });
    await ok(deleteResourceAction({ resourceId: resource.id }));
    expectConsoleEntry(await onlyEntry(workspace.id, "resource.deleted"), owner, { type: "resource", id: resource.id, name: "orders-db" });
    await ok(deleteProjectAction({ projectId: project.id }));
    expectConsoleEntry(await onlyEntry(workspace.id, "project.deleted"), owner, { type: "project", id: project.id, name: "Storefront" });

    await ok(updateKeyPolicyAction({ workspaceId: workspace.id, maxLifetimeDays: 30, neverExpiresAllowed: false }));
    expect((await onlyEntry(workspace.id, "key_policy.changed")).details).toEqual({
      from: { maxLifetimeDays: null, neverExpiresAllowed: true },
      to: { maxLifetimeDays: 30, neverExpiresAllowed: false },
    });
    await ok(updateKeyNudgesAction({ workspaceId: workspace.id, rotateAfterDays: 30, unusedAfterDays: 14, neverUsedAfterDays: null }));
    const nudges = await onlyEntry(workspace.id, "key_reminders.changed");
    expectConsoleEntry(nudges, owner, { type: "workspace", id: workspace.id, name: "Acme Inc" });
    expect(nudges.details).toMatchObject({ to: { rotateAfterDays: 30, unusedAfterDays: 14, neverUsedAfterDays: null } });

    const text = await everyEntryAsText();
    for (const part of [PASSWORD, "db.example.com", "db2.example.com"]) expect(text).not.toContain(part);
  });

  it("records API keys created, rolled and deleted, and tokens created and revoked, never their values", async () => {
    const tenant = await makeTenant();
    asUser(tenant.owner.actor);
    const created = await ok(createApiKeyAction({ resourceId: tenant.resourceId, name: "ci", permission: "read-only" }));
    const entry = await onlyEntry(tenant.workspaceId, "api_key.created");
    expectConsoleEntry(entry, tenant.owner, { type: "api_key", id: created.apiKey.id, name: "ci" });
    expect(entry.details).toMatchObject({ resourceId: tenant.resourceId, permission: "read-only" });
    const rolled = await ok(rollApiKeyAction({ apiKeyId: created.apiKey.id, gracePeriod: "1h" }));
    const roll = await onlyEntry(tenant.workspaceId, "api_key.rolled");
    expectConsoleEntry(roll, tenant.owner, { type: "api_key", id: created.apiKey.id, name: "ci" });
    expect(roll.details).toMatchObject({ successorId: rolled.apiKey.id, successorName: "ci (rolled)" });
    await ok(deleteApiKeyAction({ apiKeyId: rolled.apiKey.id }));
    expectConsoleEntry(await onlyEntry(tenant.workspaceId, "api_key.deleted"), tenant.owner, { type: "api_key", id: rolled.apiKey.id, name: "ci (rolled)" });

    const service = await ok(createServiceTokenAction({ workspaceId: tenant.workspaceId, name: "deploy" }));
    const personal = await ok(createPersonalTokenAction({ name: "laptop" }));
    const tokens = await storedEntries(tenant.workspaceId, "token.created");
    expect(tokens.map((t) => [t.objectId, t.objectName, (t.details as { kind: string }).kind])).toEqual([
      [service.token.id, "deploy", "service"],
      [personal.token.id, "laptop", "personal"],
    ]);
    await ok(deleteAccessTokenAction({ tokenId: service.token.id }));
    await ok(deleteAccessTokenAction({ tokenId: personal.token.id }));
    expect((await storedEntries(tenant.workspaceId, "token.revoked")).map((t) => t.objectId)).toEqual([service.token.id, personal.token.id]);

    const text = await everyEntryAsText();
    for (const secret of [created.plaintext, rolled.plaintext, service.plaintext, personal.plaintext]) expect(text).not.toContain(secret);
  });

  it("records a personal token in every workspace of its owner", async () => {
    const a = await makeTenant();
    const b = await makeTenant();
    const member = await makeMember(a, "VIEWER");
    await addMember(member.userId, b.workspaceId, "DEVELOPER");
    asUser(member.actor);
    const { token } = await ok(createPersonalTokenAction({ name: "laptop" }));
    for (const tenant of [a, b]) expect((await onlyEntry(tenant.workspaceId, "token.created")).objectId).toBe(token.id);
  });

  it("records invitations made, renewed, revoked and accepted, and members' roles changed, removed and leaving", async () => {
    const tenant = await makeTenant();
    asUser(tenant.owner.actor);
    const email = `${unique("invitee")}@example.test`;
    const issued = await ok(inviteMemberAction({ workspaceId: tenant.workspaceId, email, role: "DEVELOPER" }));
    const invited = await onlyEntry(tenant.workspaceId, "member.invited");
    expectConsoleEntry(invited, tenant.owner, { type: "invitation", id: issued.invitation.id, name: email });
    expect(invited.details).toEqual({ role: "DEVELOPER", delivery: "LINK" });
    const renewed = await ok(renewInvitationAction({ invitationId: issued.invitation.id }));
    expectConsoleEntry(await onlyEntry(tenant.workspaceId, "invitation.renewed"), tenant.owner, { type: "invitation", id: issued.invitation.id, name: email });

    const invitee = await makeUser();
    asUser(invitee.actor);
    await ok(acceptInvitationAction({ secret: renewed.secret! }));
    expectConsoleEntry(await onlyEntry(tenant.workspaceId, "member.joined"), invitee, { type: "member", id: invitee.userId, name: invitee.email });

    asUser(tenant.owner.actor);
    await ok(changeMemberRoleAction({ workspaceId: tenant.workspaceId, userId: invitee.userId, role: "VIEWER" }));
    const changed = await onlyEntry(tenant.workspaceId, "member.role_changed");
    expectConsoleEntry(changed, tenant.owner, { type: "member", id: invitee.userId, name: invitee.email });
    expect(changed.details).toEqual({ from: "DEVELOPER", to: "VIEWER" });
    await ok(removeMemberAction({ workspaceId: tenant.workspaceId, userId: invitee.userId }));
    expectConsoleEntry(await onlyEntry(tenant.workspaceId, "member.removed"), tenant.owner, { type: "member", id: invitee.userId });

    const other = await ok(inviteMemberAction({ workspaceId: tenant.workspaceId, email: `${unique("x")}@example.test`, role: "VIEWER" }));
    await ok(revokeInvitationAction({ invitationId: other.invitation.id }));
    // Already gone: "not found", and nothing more to record.
    expect(await revokeInvitationAction({ invitationId: other.invitation.id })).toMatchObject({ ok: false });
    expectConsoleEntry(await onlyEntry(tenant.workspaceId, "invitation.revoked"), tenant.owner, { type: "invitation", id: other.invitation.id });

    const leaver = await makeMember(tenant, "DEVELOPER");
    asUser(leaver.actor);
    await ok(leaveWorkspaceAction({ workspaceId: tenant.workspaceId }));
    expectConsoleEntry(await onlyEntry(tenant.workspaceId, "member.left"), leaver, { type: "member", id: leaver.userId, name: leaver.email });

    const text = await everyEntryAsText();
    expect(text).not.toContain(issued.secret!);
    expect(text).not.toContain(renewed.secret!);
  });

  it("records nothing for a refused change", async () => {
    const tenant = await makeTenant();
    const viewer = await makeMember(tenant, "VIEWER");
    const before = (await storedEntries(tenant.workspaceId)).length;
    asUser(viewer.actor);
    expect(await createApiKeyAction({ resourceId: tenant.resourceId, name: "nope" })).toMatchObject({ ok: false });
    expect(await renameWorkspaceAction({ workspaceId: tenant.workspaceId, name: "nope" })).toMatchObject({ ok: false });
    expect(await changeMemberRoleAction({ workspaceId: tenant.workspaceId, userId: viewer.userId, role: "ADMIN" })).toMatchObject({ ok: false });
    expect((await storedEntries(tenant.workspaceId)).length).toBe(before);
  });
});
