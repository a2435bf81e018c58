import { describe, expect, it } from "vitest";
import { createApiKeyAction } from "@/lib/server/actions/create-api-key";
import { createProjectAction } from "@/lib/server/actions/create-project";
import { createResourceAction } from "@/lib/server/actions/create-resource";
import { deleteApiKeyAction } from "@/lib/server/actions/delete-api-key";
import { listApiKeysAction } from "@/lib/server/actions/list-api-keys";
import { renameProjectAction } from "@/lib/server/actions/rename-project";
import { renameWorkspaceAction } from "@/lib/server/actions/rename-workspace";
import { getWorkspace, listMembers } from "@/lib/server/data/workspaces";
import { getProject, listProjects } from "@/lib/server/data/projects";
import { getResource } from "@/lib/server/data/resources";
import { makeApiKey, makeMember, makeTenant } from "../../support/factories";
import { asUser } from "../../support/session";
import { snapshotWorkspace } from "../../support/snapshot";

const DENIED = { ok: false, error: "Your role in this workspace does not allow this." };

describe("Viewer", () => {
  it("lists keys but may not create or delete one, and nothing changes", async () => {
    const tenant = await makeTenant();
    const key = await makeApiKey(tenant, "existing");
    const viewer = await makeMember(tenant, "VIEWER");
    asUser(viewer.actor);
    const before = await snapshotWorkspace(tenant.workspaceId);

    const list = await listApiKeysAction({ resourceId: tenant.resourceId });
    expect(list).toMatchObject({ ok: true, data: { items: [{ id: key.apiKey.id, name: "existing" }] } });
    expect(await createApiKeyAction({ resourceId: tenant.resourceId, name: "sneaky" })).toEqual(DENIED);
    expect(await deleteApiKeyAction({ apiKeyId: key.apiKey.id })).toEqual(DENIED);
    expect(await createProjectAction({ workspaceId: tenant.workspaceId, name: "sneaky" })).toEqual(DENIED);
    expect(await renameProjectAction({ projectId: tenant.projectId, name: "sneaky" })).toEqual(DENIED);
    expect(await renameWorkspaceAction({ workspaceId: tenant.workspaceId, name: "sneaky" })).toEqual(DENIED);

    expect(await snapshotWorkspace(tenant.workspaceId)).toEqual(before);
  });
});

describe("Developer", () => {
  it("creates and deletes keys, projects and resources but may not rename the workspace", async () => {
    const tenant = await makeTenant();
    const developer = await makeMember(tenant, "DEVELOPER");
    asUser(developer.actor);

    const created = await createApiKeyAction({ resourceId: tenant.resourceId, name: "dev key" });
    if (!created.ok) throw new Error(created.error);
    expect(await deleteApiKeyAction({ apiKeyId: created.data.apiKey.id })).toMatchObject({ ok: true });
    const project = await createProjectAction({ workspaceId: tenant.workspaceId, name: "dev project" });
    expect(project).toMatchObject({ ok: true, data: { workspaceId: tenant.workspaceId, resourceCount: 1 } });
    expect(await renameProjectAction({ projectId: tenant.projectId, name: "renamed by dev" })).toMatchObject({ ok: true });
    expect(await createResourceAction({ projectId: tenant.projectId, kind: "database", name: "dev db" })).toMatchObject({
      ok: true,
    });

    const before = await snapshotWorkspace(tenant.workspaceId);
    expect(await renameWorkspaceAction({ workspaceId: tenant.workspaceId, name: "taken over" })).toEqual(DENIED);
    expect(await snapshotWorkspace(tenant.workspaceId)).toEqual(before);
  });
});

describe("Billing", () => {
  it("sees the workspace but no project, resource or key, as if they did not exist", async () => {
    const tenant = await makeTenant();
    const key = await makeApiKey(tenant);
    const billing = await makeMember(tenant, "BILLING");
    asUser(billing.actor);
    const before = await snapshotWorkspace(tenant.workspaceId);

    await expect(getWorkspace(billing.actor, tenant.workspaceId)).resolves.toMatchObject({ role: "BILLING" });
    await expect(listMembers(billing.actor, tenant.workspaceId)).resolves.toHaveLength(2);
    await expect(listProjects(billing.actor, tenant.workspaceId)).rejects.toMatchObject({ code: "resource-not-found" });
    await expect(getProject(billing.actor, tenant.projectId)).rejects.toMatchObject({ code: "resource-not-found" });
    await expect(getResource(billing.actor, tenant.resourceId)).rejects.toMatchObject({ code: "resource-not-found" });
    expect(await listApiKeysAction({ resourceId: tenant.resourceId })).toMatchObject({ ok: false, error: expect.stringContaining("not found") });
    expect(await createApiKeyAction({ resourceId: tenant.resourceId, name: "x" })).toMatchObject({ ok: false, error: expect.stringContaining("not found") });
    expect(await deleteApiKeyAction({ apiKeyId: key.apiKey.id })).toMatchObject({ ok: false, error: expect.stringContaining("not found") });
    expect(await createProjectAction({ workspaceId: tenant.workspaceId, name: "x" })).toMatchObject({ ok: false, error: expect.stringContaining("not found") });
    expect(await renameWorkspaceAction({ workspaceId: tenant.workspaceId, name: "x" })).toEqual(DENIED);

    expect(await snapshotWorkspace(tenant.workspaceId)).toEqual(before);
  });
});

describe("Admin", () => {
  it("may do everything, including renaming the workspace", async () => {
    const tenant = await makeTenant();
    const admin = await makeMember(tenant, "ADMIN");
    asUser(admin.actor);
    expect(await renameWorkspaceAction({ workspaceId: tenant.workspaceId, name: "Renamed" })).toMatchObject({
      ok: true,
      data: { id: tenant.workspaceId, name: "Renamed", role: "ADMIN" },
    });
    expect(await createProjectAction({ workspaceId: tenant.workspaceId, name: "admin project" })).toMatchObject({ ok: true });
    const created = await createApiKeyAction({ resourceId: tenant.resourceId, name: "admin key" });
    if (!created.ok) throw new Error(created.error);
    expect(await deleteApiKeyAction({ apiKeyId: created.data.apiKey.id })).toMatchObject({ ok: true });
  });
});
