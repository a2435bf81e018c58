import { describe, expect, it } from "vitest";
import { DELETE as deleteEnvironment, GET as getEnvironment, PATCH as renameEnvironment } from "@/app/api/v1/environments/[id]/route";
import { GET as listEnvironments, POST as createEnvironment } from "@/app/api/v1/projects/[id]/environments/route";
import { DELETE as deleteProject, GET as getProject, PATCH as renameProject } from "@/app/api/v1/projects/[id]/route";
import { GET as listProjects, POST as createProject } from "@/app/api/v1/workspaces/[id]/projects/route";
import { GET as listWorkspaces } from "@/app/api/v1/workspaces/route";
import { db } from "@/lib/server/db";
import { verifyApiKey } from "../../support/gateway";
import { addMember, makeApiKey, makeTenant, makeUser } from "../../support/factories";
import { call, expectError, expectNoStore, personalToken } from "./client";

const timestamp = expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);

describe("GET /workspaces", () => {
  it("lists the caller's workspaces with their role, oldest first, and pages through them", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    await addMember(tenant.owner.userId, other.workspaceId, "VIEWER");
    await makeTenant(); // A workspace the user does not belong to.
    const token = await personalToken(tenant.owner.actor);

    const all = await call(listWorkspaces, "GET", { token });

    expect(all.status).toBe(200);
    expectNoStore(all);
    expect(all.json).toEqual({
      data: [
        { id: tenant.workspaceId, name: expect.any(String), role: "ADMIN", createdAt: timestamp },
        { id: other.workspaceId, name: expect.any(String), role: "VIEWER", createdAt: timestamp },
      ],
      pagination: { nextCursor: null, hasMore: false },
    });
    const first = await call(listWorkspaces, "GET", { token, query: "limit=1" });
    expect(first.json.data.map((w: { id: string }) => w.id)).toEqual([tenant.workspaceId]);
    expect(first.json.pagination).toEqual({ nextCursor: expect.any(String), hasMore: true });
    const second = await call(listWorkspaces, "GET", { token, query: `limit=1&cursor=${first.json.pagination.nextCursor}` });
    expect(second.json).toMatchObject({ data: [{ id: other.workspaceId }], pagination: { nextCursor: null, hasMore: false } });
  });

  it("is empty for a user without workspaces", async () => {
    const token = await personalToken((await makeUser()).actor);
    expect((await call(listWorkspaces, "GET", { token })).json).toEqual({ data: [], pagination: { nextCursor: null, hasMore: false } });
  });
});

describe("projects", () => {
  it("creates (201, with a Production environment), lists, gets, renames and deletes a project", async () => {
    const tenant = await makeTenant();
    const token = await personalToken(tenant.owner.actor);

    const created = await call(createProject, "POST", { token, id: tenant.workspaceId, body: { name: "  billing  " } });

    expect(created.status).toBe(201);
    expectNoStore(created);
    const project = created.json.data;
    expect(project).toEqual({ id: expect.stringMatching(/^proj_/), workspaceId: tenant.workspaceId, name: "billing", createdAt: timestamp, resourceCount: 1 });

    const list = await call(listProjects, "GET", { token, id: tenant.workspaceId });
    expect(list.json.data.map((p: { id: string }) => p.id)).toEqual([tenant.projectId, project.id]);
    expect(list.json.pagination).toEqual({ nextCursor: null, hasMore: false });
    expect((await call(getProject, "GET", { token, id: project.id })).json).toEqual({ data: project });

    const renamed = await call(renameProject, "PATCH", { token, id: project.id, body: { name: "invoices" } });
    expect(renamed.status).toBe(200);
    expect(renamed.json.data).toEqual({ ...project, name: "invoices" });

    const deleted = await call(deleteProject, "DELETE", { token, id: project.id });
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ data: { ...project, name: "invoices" } });
    expectError(await call(getProject, "GET", { token, id: project.id }), 404, "resource-not-found");
    expectError(await call(deleteProject, "DELETE", { token, id: project.id }), 404, "resource-not-found");
  });

  it("pages through a workspace's projects without gaps or repeats", async () => {
    const tenant = await makeTenant();
    const token = await personalToken(tenant.owner.actor);
    for (let index = 0; index < 4; index++) {
      await call(createProject, "POST", { token, id: tenant.workspaceId, body: { name: `p${index}` } });
    }
    const seen: string[] = [];
    let cursor = "";
    for (const expected of [2, 2, 1]) {
      // (An empty `cursor=` is refused like any other invalid one: the first page has none.)
      const page = await call(listProjects, "GET", { token, id: tenant.workspaceId, query: `limit=2${cursor ? `&cursor=${cursor}` : ""}` });
      expect(page.json.data).toHaveLength(expected);
      seen.push(...page.json.data.map((p: { id: string }) => p.id));
      cursor = page.json.pagination.nextCursor ?? "";
      expect(page.json.pagination.hasMore).toBe(expected === 2);
    }
    expect(cursor).toBe("");
    expect(new Set(seen).size).toBe(5);
  });

  it("deleting a project deletes its environments, whose keys stop verifying", async () => {
    const tenant = await makeTenant();
    const key = await makeApiKey(tenant);
    const token = await personalToken(tenant.owner.actor);
    expect((await call(deleteProject, "DELETE", { token, id: tenant.projectId })).status).toBe(200);
    expect(await (await db()).resource.count({ where: { projectId: tenant.projectId } })).toBe(0);
    expect(await verifyApiKey(key.plaintext)).toMatchObject({ valid: false });
  });
});

describe("environments", () => {
  it("creates an environment by default, or a database, and lists them oldest first", async () => {
    const tenant = await makeTenant();
    const token = await personalToken(tenant.owner.actor);

    const staging = await call(createEnvironment, "POST", { token, id: tenant.projectId, body: { name: "staging" } });
    const analytics = await call(createEnvironment, "POST", { token, id: tenant.projectId, body: { name: "analytics", kind: "database" } });

    expect(staging.status).toBe(201);
    expect(staging.json.data).toEqual({
      id: expect.stringMatching(/^env_/),
      workspaceId: tenant.workspaceId,
      projectId: tenant.projectId,
      projectName: expect.any(String),
      kind: "environment",
      name: "staging",
      createdAt: timestamp,
      apiKeyCount: 0,
      database: null,
    });
    expect(analytics.json.data).toMatchObject({ id: expect.stringMatching(/^db_/), kind: "database" });
    const list = await call(listEnvironments, "GET", { token, id: tenant.projectId });
    expect(list.json.data.map((r: { name: string }) => r.name)).toEqual(["Production", expect.any(String), "staging", "analytics"]);
    expect(list.json.data[1].id).toBe(tenant.resourceId);
    const page = await call(listEnvironments, "GET", { token, id: tenant.projectId, query: "limit=3" });
    const rest = await call(listEnvironments, "GET", { token, id: tenant.projectId, query: `cursor=${page.json.pagination.nextCursor}` });
    expect([...page.json.data, ...rest.json.data]).toEqual(list.json.data);
  });

  it("gets, renames and deletes an environment; its keys stop verifying", async () => {
    const tenant = await makeTenant();
    const key = await makeApiKey(tenant);
    const token = await personalToken(tenant.owner.actor);

    const got = await call(getEnvironment, "GET", { token, id: tenant.resourceId });
    expect(got.json.data).toMatchObject({ id: tenant.resourceId, kind: "database", apiKeyCount: 1 });
    const renamed = await call(renameEnvironment, "PATCH", { token, id: tenant.resourceId, body: { name: "primary" } });
    expect(renamed.json.data).toEqual({ ...got.json.data, name: "primary" });

    const deleted = await call(deleteEnvironment, "DELETE", { token, id: tenant.resourceId });

    expect(deleted.status).toBe(200);
    expect(deleted.json.data).toEqual({ ...got.json.data, name: "primary" });
    expectError(await call(getEnvironment, "GET", { token, id: tenant.resourceId }), 404, "resource-not-found");
    expect(await verifyApiKey(key.plaintext)).toMatchObject({ valid: false, code: "NOT_FOUND" });
  });
});
