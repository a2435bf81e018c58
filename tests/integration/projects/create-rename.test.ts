import { describe, expect, it } from "vitest";
import { createProjectAction } from "@/lib/server/actions/create-project";
import { renameProjectAction } from "@/lib/server/actions/rename-project";
import { listProjects } from "@/lib/server/data/projects";
import { listResources } from "@/lib/server/data/resources";
import { db } from "@/lib/server/db";
import { makeTenant, unique } from "../../support/factories";
import { asUser } from "../../support/session";

describe("createProjectAction", () => {
  it("creates the project with a 'Production' environment", async () => {
    const tenant = await makeTenant();
    asUser(tenant.owner.actor);
    const name = unique("checkout");

    const result = await createProjectAction({ workspaceId: tenant.workspaceId, name });

    if (!result.ok) throw new Error(result.error);
    expect(result.data).toMatchObject({ workspaceId: tenant.workspaceId, name, resourceCount: 1 });
    expect(result.data.id).toMatch(/^proj_[0-9A-Za-z]{16}$/);
    const resources = await listResources(tenant.owner.actor, result.data.id);
    expect(resources).toEqual([
      expect.objectContaining({ kind: "environment", name: "Production", projectId: result.data.id, apiKeyCount: 0 }),
    ]);
    expect(resources[0]!.id).toMatch(/^env_/);
    const projects = await listProjects(tenant.owner.actor, tenant.workspaceId);
    expect(projects.map((project) => project.name)).toContain(name);
  });
});

describe("renameProjectAction", () => {
  it("renames the project and nothing else", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    asUser(tenant.owner.actor);
    const prisma = await db();
    const otherBefore = await prisma.project.findUniqueOrThrow({ where: { id: other.projectId } });

    const result = await renameProjectAction({ projectId: tenant.projectId, name: "  Renamed project " });

    expect(result).toMatchObject({ ok: true, data: { id: tenant.projectId, name: "Renamed project" } });
    expect((await prisma.project.findUniqueOrThrow({ where: { id: tenant.projectId } })).name).toBe("Renamed project");
    expect(await prisma.project.findUniqueOrThrow({ where: { id: other.projectId } })).toEqual(otherBefore);
  });
});
