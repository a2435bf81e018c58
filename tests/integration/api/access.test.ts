import { beforeAll, describe, expect, it } from "vitest";
import { DELETE as deleteKey } from "@/app/api/v1/api-keys/[id]/route";
import { GET as listKeys, POST as createKey } from "@/app/api/v1/environments/[id]/api-keys/route";
import { POST as testConnection } from "@/app/api/v1/environments/[id]/connection/test/route";
import { DELETE as deleteEnvironment, GET as getEnvironment, PATCH as renameEnvironment } from "@/app/api/v1/environments/[id]/route";
import { GET as listEnvironments, POST as createEnvironment } from "@/app/api/v1/projects/[id]/environments/route";
import { DELETE as deleteProject, GET as getProject, PATCH as renameProject } from "@/app/api/v1/projects/[id]/route";
import { GET as listProjects, POST as createProject } from "@/app/api/v1/workspaces/[id]/projects/route";
import { GET as listWorkspaces } from "@/app/api/v1/workspaces/route";
import type { IdKind } from "@/lib/ids";
import { authenticateAccessToken, createServiceToken } from "@/lib/server/data/access-tokens";
import { createWorkspace } from "@/lib/server/data/workspaces";
import { makeApiKey, makeMember, makeTenant, missingId, type Tenant } from "../../support/factories";
import { snapshotWorkspace } from "../../support/snapshot";
import { call, expectError, personalToken, serviceToken } from "./client";

// Every endpoint that takes an id, with the id it takes from a tenant. Refused calls change
// nothing, so one set of tenants serves every case.
type Target = Tenant & { apiKeyId: string };
type Endpoint = {
  label: string;
  handler: Parameters<typeof call>[0];
  method: string;
  kind: IdKind;
  id: (target: Target) => string;
  body?: unknown;
};

const named = { name: "intruder" };
const connection = { connectionString: "postgresql://intruder:pw@127.0.0.1:1/intruder" };
const ENDPOINTS: Endpoint[] = [
  { label: "GET /workspaces/{id}/projects", handler: listProjects, method: "GET", kind: "workspace", id: (t) => t.workspaceId },
  { label: "POST /workspaces/{id}/projects", handler: createProject, method: "POST", kind: "workspace", id: (t) => t.workspaceId, body: named },
  { label: "GET /projects/{id}", handler: getProject, method: "GET", kind: "project", id: (t) => t.projectId },
  { label: "PATCH /projects/{id}", handler: renameProject, method: "PATCH", kind: "project", id: (t) => t.projectId, body: named },
  { label: "DELETE /projects/{id}", handler: deleteProject, method: "DELETE", kind: "project", id: (t) => t.projectId },
  { label: "GET /projects/{id}/environments", handler: listEnvironments, method: "GET", kind: "project", id: (t) => t.projectId },
  { label: "POST /projects/{id}/environments", handler: createEnvironment, method: "POST", kind: "project", id: (t) => t.projectId, body: named },
  { label: "GET /environments/{id}", handler: getEnvironment, method: "GET", kind: "database", id: (t) => t.resourceId },
  { label: "PATCH /environments/{id}", handler: renameEnvironment, method: "PATCH", kind: "database", id: (t) => t.resourceId, body: named },
  { label: "PATCH /environments/{id} (connectionString)", handler: renameEnvironment, method: "PATCH", kind: "database", id: (t) => t.resourceId, body: connection },
  { label: "PATCH /environments/{id} (remove connection)", handler: renameEnvironment, method: "PATCH", kind: "database", id: (t) => t.resourceId, body: { connectionString: null } },
  { label: "POST /projects/{id}/environments (connectionString)", handler: createEnvironment, method: "POST", kind: "project", id: (t) => t.projectId, body: { ...named, ...connection } },
  { label: "POST /environments/{id}/connection/test", handler: testConnection, method: "POST", kind: "database", id: (t) => t.resourceId },
  { label: "POST /environments/{id}/connection/test (candidate)", handler: testConnection, method: "POST", kind: "database", id: (t) => t.resourceId, body: connection },
  { label: "DELETE /environments/{id}", handler: deleteEnvironment, method: "DELETE", kind: "database", id: (t) => t.resourceId },
  { label: "GET /environments/{id}/api-keys", handler: listKeys, method: "GET", kind: "database", id: (t) => t.resourceId },
  { label: "POST /environments/{id}/api-keys", handler: createKey, method: "POST", kind: "database", id: (t) => t.resourceId, body: named },
  { label: "DELETE /api-keys/{id}", handler: deleteKey, method: "DELETE", kind: "apiKey", id: (t) => t.apiKeyId },
];
const WRITES = ENDPOINTS.filter((endpoint) => endpoint.method !== "GET");

async function makeTarget(): Promise<Target> {
  const tenant = await makeTenant();
  return { ...tenant, apiKeyId: (await makeApiKey(tenant)).apiKey.id };
}

let victim: Target;
let home: Target;
let ownerToken: string;
let viewerToken: string;
let serviceTokenValue: string;

beforeAll(async () => {
  [victim, home] = await Promise.all([makeTarget(), makeTarget()]);
  ownerToken = await personalToken(home.owner.actor);
  viewerToken = await personalToken((await makeMember(home, "VIEWER")).actor);
  serviceTokenValue = (await serviceToken(home)).plaintext;
});

describe("another workspace's objects", () => {
  it.each(ENDPOINTS.map((endpoint) => [endpoint.label, endpoint] as const))(
    "%s answers 404, exactly as for a missing or malformed id, and changes nothing",
    async (_label, endpoint) => {
      const before = await snapshotWorkspace(victim.workspaceId);
      const send = (token: string, id: string) => call(endpoint.handler, endpoint.method, { token, id, body: endpoint.body });

      for (const token of [ownerToken, serviceTokenValue]) {
        const foreign = await send(token, endpoint.id(victim));
        expectError(foreign, 404, "resource-not-found");
        expect((await send(token, missingId(endpoint.kind))).json).toEqual(foreign.json);
        expect((await send(token, `${endpoint.id(victim)}x`)).json).toEqual(foreign.json);
        expect((await send(token, "../../etc/passwd")).json).toEqual(foreign.json);
      }
      expect(await snapshotWorkspace(victim.workspaceId)).toEqual(before);
    },
  );

  it("are not listed in GET /workspaces, for a member or a service token", async () => {
    for (const token of [ownerToken, serviceTokenValue]) {
      const list = await call(listWorkspaces, "GET", { token });
      expect(list.json.data.map((w: { id: string }) => w.id)).toEqual([home.workspaceId]);
    }
  });
});

describe("a Viewer", () => {
  it.each(WRITES.map((endpoint) => [endpoint.label, endpoint] as const))("is refused %s with 403", async (_label, endpoint) => {
    const before = await snapshotWorkspace(home.workspaceId);
    const response = await call(endpoint.handler, endpoint.method, { token: viewerToken, id: endpoint.id(home), body: endpoint.body });
    expectError(response, 403, "permission-denied");
    expect(await snapshotWorkspace(home.workspaceId)).toEqual(before);
  });

  it("may read everything in the workspace", async () => {
    for (const endpoint of ENDPOINTS.filter((e) => e.method === "GET")) {
      const response = await call(endpoint.handler, "GET", { token: viewerToken, id: endpoint.id(home) });
      expect({ label: endpoint.label, status: response.status }).toEqual({ label: endpoint.label, status: 200 });
    }
    const workspaces = await call(listWorkspaces, "GET", { token: viewerToken });
    expect(workspaces.json.data).toEqual([expect.objectContaining({ id: home.workspaceId, role: "VIEWER" })]);
  });
});

describe("a Billing member", () => {
  it("sees the workspace but not its projects (404, not 403)", async () => {
    const token = await personalToken((await makeMember(home, "BILLING")).actor);
    expect((await call(listWorkspaces, "GET", { token })).json.data).toHaveLength(1);
    expectError(await call(listProjects, "GET", { token, id: home.workspaceId }), 404, "resource-not-found");
    expectError(await call(getProject, "GET", { token, id: home.projectId }), 404, "resource-not-found");
  });
});

describe("a service token", () => {
  it("acts as a Developer in its own workspace", async () => {
    const token = serviceTokenValue;
    const workspaces = await call(listWorkspaces, "GET", { token });
    expect(workspaces.json.data).toEqual([expect.objectContaining({ id: home.workspaceId, role: "DEVELOPER" })]);
    const project = await call(createProject, "POST", { token, id: home.workspaceId, body: { name: "from-ci" } });
    expect(project.status).toBe(201);
    const environment = await call(createEnvironment, "POST", { token, id: project.json.data.id, body: { name: "ci" } });
    expect(environment.status).toBe(201);
    const key = await call(createKey, "POST", { token, id: environment.json.data.id, body: { name: "ci-key" } });
    expect(key.status).toBe(201);
    expect((await call(deleteKey, "DELETE", { token, id: key.json.data.id })).status).toBe(200);
    expect((await call(deleteProject, "DELETE", { token, id: project.json.data.id })).status).toBe(200);
  });

  it("cannot create workspaces or tokens (the API has no such endpoint; the data layer refuses too)", async () => {
    const { actor } = (await authenticateAccessToken(serviceTokenValue))!;
    await expect(createWorkspace(actor, { name: "rogue" })).rejects.toMatchObject({ code: "permission-denied" });
    await expect(createServiceToken(actor, { workspaceId: home.workspaceId, name: "rogue" })).rejects.toMatchObject({
      code: "permission-denied",
    });
  });
});
