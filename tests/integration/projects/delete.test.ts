import { describe, expect, it } from "vitest";
import { deleteProjectAction } from "@/lib/server/actions/delete-project";
import { deleteResourceAction } from "@/lib/server/actions/delete-resource";
import { listProjects } from "@/lib/server/data/projects";
import { listResources } from "@/lib/server/data/resources";
import { verifyApiKey } from "../../support/gateway";
import { makeApiKey, makeMember, makeTenant, missingId } from "../../support/factories";
import { asUser } from "../../support/session";

describe("deleting projects and resources", () => {
  it("takes their keys with them: the keys stop verifying at once", async () => {
    const tenant = await makeTenant();
    const { plaintext } = await makeApiKey(tenant);
    asUser(tenant.owner.actor);
    expect((await verifyApiKey(plaintext)).valid).toBe(true);
    expect(await deleteResourceAction({ resourceId: tenant.resourceId })).toMatchObject({ ok: true });
    expect(await verifyApiKey(plaintext)).toMatchObject({ valid: false, code: "NOT_FOUND" });
    expect((await listResources(tenant.owner.actor, tenant.projectId)).map((r) => r.name)).toEqual(["Production"]);

    const second = await makeTenant();
    const key = await makeApiKey(second);
    asUser(second.owner.actor);
    expect(await deleteProjectAction({ projectId: second.projectId })).toMatchObject({ ok: true });
    expect(await verifyApiKey(key.plaintext)).toMatchObject({ valid: false, code: "NOT_FOUND" });
    expect(await listProjects(second.owner.actor, second.workspaceId)).toEqual([]);
  });

  it("is refused to Viewers and answers another workspace's ids as missing ones", async () => {
    const tenant = await makeTenant();
    const viewer = await makeMember(tenant, "VIEWER");
    asUser(viewer.actor);
    expect(await deleteProjectAction({ projectId: tenant.projectId })).toMatchObject({
      ok: false,
      error: "Your role in this workspace does not allow this.",
    });
    const other = await makeTenant();
    asUser(other.owner.actor);
    expect(await deleteResourceAction({ resourceId: tenant.resourceId })).toEqual(
      await deleteResourceAction({ resourceId: missingId("database") }),
    );
    expect(await deleteProjectAction({ projectId: tenant.projectId })).toEqual(
      await deleteProjectAction({ projectId: missingId("project") }),
    );
    expect(await listProjects(tenant.owner.actor, tenant.workspaceId)).toHaveLength(1);
  });
});
