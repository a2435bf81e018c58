import { beforeAll, describe, expect, it } from "vitest";
import { GET as listKeys, POST as createKey } from "@/app/api/v1/environments/[id]/api-keys/route";
import { PATCH as renameEnvironment } from "@/app/api/v1/environments/[id]/route";
import { POST as createEnvironment } from "@/app/api/v1/projects/[id]/environments/route";
import { PATCH as renameProject } from "@/app/api/v1/projects/[id]/route";
import { GET as listProjects, POST as createProject } from "@/app/api/v1/workspaces/[id]/projects/route";
import { GET as listWorkspaces } from "@/app/api/v1/workspaces/route";
import { makeTenant, type Tenant } from "../../support/factories";
import { snapshotWorkspace } from "../../support/snapshot";
import { call, expectError, personalToken } from "./client";

let tenant: Tenant;
let token: string;

beforeAll(async () => {
  tenant = await makeTenant();
  token = await personalToken(tenant.owner.actor);
});

// Every endpoint with a `name` body, with the id it is called on.
const NAMED = [
  { label: "POST /workspaces/{id}/projects", handler: createProject, method: "POST", id: () => tenant.workspaceId },
  { label: "PATCH /projects/{id}", handler: renameProject, method: "PATCH", id: () => tenant.projectId },
  { label: "POST /projects/{id}/environments", handler: createEnvironment, method: "POST", id: () => tenant.projectId },
  { label: "PATCH /environments/{id}", handler: renameEnvironment, method: "PATCH", id: () => tenant.resourceId },
  { label: "POST /environments/{id}/api-keys", handler: createKey, method: "POST", id: () => tenant.resourceId },
];

const BAD_BODIES: [string, unknown, string][] = [
  ["a name that is too long", { name: "x".repeat(65) }, "name"],
  ["an empty name", { name: "" }, "name"],
  ["a blank name", { name: "   " }, "name"],
  ["a name with a control character", { name: "prod\u202E" }, "name"],
  ["a number as name", { name: 42 }, "name"],
  ["a missing name", {}, "name"],
  ["an unknown field", { name: "ok", workspaceId: "wksp_AAAAAAAAAAAAAAAA" }, "(body)"],
  ["an array body", [{ name: "ok" }], "(body)"],
  ["a null body", null, "(body)"],
];

describe.each(NAMED)("$label", ({ handler, method, id }) => {
  it.each(BAD_BODIES)("answers 422 for %s, with details, and changes nothing", async (_label, body, path) => {
    const before = await snapshotWorkspace(tenant.workspaceId);
    const response = await call(handler, method, { token, id: id(), body: JSON.stringify(body) });
    expectError(response, 422, "validation-error");
    expect(response.json.error.details).toEqual(expect.arrayContaining([{ path, message: expect.any(String) }]));
    expect(response.json.error.hint).toContain(path);
    expect(await snapshotWorkspace(tenant.workspaceId)).toEqual(before);
  });

  it.each([
    ["invalid JSON", "{name: 'prod'"],
    ["an empty body", ""],
    ["invalid UTF-8", new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d])],
  ])("answers 422 for %s", async (_label, body) => {
    const request = new Request("http://localhost/api/v1/x", {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body as BodyInit,
    });
    const response = await handler(request, { params: Promise.resolve({ id: id() }) });
    expect(response.status).toBe(422);
    expect((await response.json()).error).toEqual({ code: "validation-error", message: "The request body must be JSON.", hint: expect.any(String) });
  });
});

describe("request bodies", () => {
  it("are refused above 64 KiB", async () => {
    const response = await call(createProject, "POST", { token, id: tenant.workspaceId, body: { name: "ok", pad: "x".repeat(70_000) } });
    expectError(response, 422, "validation-error");
    expect(response.json.error.message).toContain("64 KiB");
  });

  it("accept only known resource kinds", async () => {
    const response = await call(createEnvironment, "POST", { token, id: tenant.projectId, body: { name: "q", kind: "queue" } });
    expectError(response, 422, "validation-error");
    expect(response.json.error.details).toEqual([{ path: "kind", message: "Choose a database or an environment." }]);
  });
});

describe("list query parameters", () => {
  const LISTS = [
    { label: "GET /workspaces", handler: listWorkspaces, id: () => undefined },
    { label: "GET /workspaces/{id}/projects", handler: listProjects, id: () => tenant.workspaceId },
    { label: "GET /environments/{id}/api-keys", handler: listKeys, id: () => tenant.resourceId },
  ];
  it.each(LISTS)("$label answers 422 for bad limits and cursors", async ({ handler, id }) => {
    for (const query of ["limit=0", "limit=1001", "limit=abc", "limit=2.5", "limit=-1", "cursor=garbage", "cursor=1.proj_x", `cursor=${"9".repeat(300)}`]) {
      const response = await call(handler, "GET", { token, id: id(), query });
      expect({ query, status: response.status }).toEqual({ query, status: 422 });
      expect(response.json.error.code).toBe("validation-error");
    }
    for (const query of ["limit=1000", "limit=1", "cursor=&limit="]) {
      expect((await call(handler, "GET", { token, id: id(), query })).status).toBe(200);
    }
  });
});
