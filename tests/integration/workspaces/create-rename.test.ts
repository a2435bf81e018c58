import { describe, expect, it } from "vitest";
import { createResourceAction } from "@/lib/server/actions/create-resource";
import { createWorkspaceAction } from "@/lib/server/actions/create-workspace";
import { renameResourceAction } from "@/lib/server/actions/rename-resource";
import { renameWorkspaceAction } from "@/lib/server/actions/rename-workspace";
import { listResources } from "@/lib/server/data/resources";
import { listMembers, listWorkspaces } from "@/lib/server/data/workspaces";
import { makeTenant, makeUser, unique } from "../../support/factories";
import { asUser } from "../../support/session";

describe("createWorkspaceAction", () => {
  it("creates a workspace in which the creator is the only member, an Admin", async () => {
    const user = await makeUser();
    asUser(user.actor);
    const name = unique("team");

    const result = await createWorkspaceAction({ name });

    if (!result.ok) throw new Error(result.error);
    expect(result.data).toMatchObject({ name, role: "ADMIN" });
    expect(result.data.id).toMatch(/^wksp_[0-9A-Za-z]{16}$/);
    expect(await listWorkspaces(user.actor)).toEqual([expect.objectContaining({ id: result.data.id })]);
    expect(await listMembers(user.actor, result.data.id)).toEqual([
      expect.objectContaining({ userId: user.userId, role: "ADMIN" }),
    ]);
  });
});

describe("renameWorkspaceAction", () => {
  it("lets an Admin rename the workspace", async () => {
    const tenant = await makeTenant();
    asUser(tenant.owner.actor);
    const result = await renameWorkspaceAction({ workspaceId: tenant.workspaceId, name: " Acme " });
    expect(result).toMatchObject({ ok: true, data: { id: tenant.workspaceId, name: "Acme" } });
  });
});

describe("resources", () => {
  it("creates a database or an environment under a project, and renames it", async () => {
    const tenant = await makeTenant();
    asUser(tenant.owner.actor);

    const database = await createResourceAction({ projectId: tenant.projectId, kind: "database", name: "orders" });
    const environment = await createResourceAction({ projectId: tenant.projectId, kind: "environment", name: "Staging" });
    if (!database.ok || !environment.ok) throw new Error("resource creation failed");
    expect(database.data.id).toMatch(/^db_/);
    expect(environment.data.id).toMatch(/^env_/);
    expect(await renameResourceAction({ resourceId: database.data.id, name: "orders-v2" })).toMatchObject({
      ok: true,
      data: { id: database.data.id, name: "orders-v2", kind: "database" },
    });

    const names = (await listResources(tenant.owner.actor, tenant.projectId)).map((resource) => resource.name);
    expect(names).toEqual(expect.arrayContaining(["Production", "orders-v2", "Staging"]));
    expect(names).not.toContain("orders");
  });

  it("refuses a kind other than database or environment", async () => {
    const tenant = await makeTenant();
    asUser(tenant.owner.actor);
    const result = await createResourceAction({ projectId: tenant.projectId, kind: "bucket", name: "x" });
    expect(result).toMatchObject({ ok: false, fieldErrors: { kind: [expect.any(String)] } });
  });
});
