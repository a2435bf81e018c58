import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listKeys, POST as createKey } from "@/app/api/v1/environments/[id]/api-keys/route";
import { PATCH as renameEnvironment } from "@/app/api/v1/environments/[id]/route";
import { POST as createEnvironment } from "@/app/api/v1/projects/[id]/environments/route";
import { PATCH as renameProject } from "@/app/api/v1/projects/[id]/route";
import { GET as listProjects, POST as createProject } from "@/app/api/v1/workspaces/[id]/projects/route";
import { GET as getOpenApi } from "@/app/api/v1/openapi.json/route";
import { GET as listWorkspaces } from "@/app/api/v1/workspaces/route";
import { makeTenant, type Tenant } from "../../support/factories";
import { snapshotWorkspace } from "../../support/snapshot";
import { call, expectError, personalToken } from "./client";
import { VERIFY_PATH } from "@/lib/gateway/http";

// What the API promises about its input (422s with details) and the OpenAPI document of it.

let tenant: Tenant;
let token: string;
let before: Awaited<ReturnType<typeof snapshotWorkspace>>;

beforeAll(async () => {
  tenant = await makeTenant();
  token = await personalToken(tenant.owner.actor);
  before = await snapshotWorkspace(tenant.workspaceId);
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
  it.each(BAD_BODIES)("answers 422 for %s, with details", async (_label, body, path) => {
    const response = await call(handler, method, { token, id: id(), body: JSON.stringify(body) });
    expectError(response, 422, "validation-error");
    expect(response.json.error.details).toEqual(expect.arrayContaining([{ path, message: expect.any(String) }]));
    expect(response.json.error.hint).toContain(path);
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

describe("refused requests", () => {
  it("changed nothing", async () => {
    expect(await snapshotWorkspace(tenant.workspaceId)).toEqual(before);
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

// Every route file under app/api/v1 and every method it exports must be in the OpenAPI document,
// and everything the document lists must exist on disk.

const apiRoot = path.resolve(import.meta.dirname, "../../../app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    // [...path] answers unknown paths with a JSON 404; it is not an endpoint.
    if (entry.isDirectory()) return entry.name.startsWith("[...") ? [] : routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

async function routesOnDisk(): Promise<string[]> {
  // POST /keys/verify is served by the key gateway (lib/gateway/http.ts), mounted in front of
  // Next.js by scripts/server.mjs, not by a route file.
  const routes: string[] = [`POST ${VERIFY_PATH.replace(/^\/api\/v1/, "")}`];
  for (const file of routeFiles(apiRoot)) {
    const apiPath = `/${path.relative(apiRoot, path.dirname(file)).split(path.sep).join("/")}`.replace(/\[(\w+)\]/g, "{$1}");
    const module: Record<string, unknown> = await import(file);
    for (const method of METHODS) if (typeof module[method] === "function") routes.push(`${method} ${apiPath}`);
  }
  return routes.sort();
}

async function document() {
  const response = await getOpenApi();
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toBe("no-store");
  return response.json();
}

describe("an unknown /api/v1 path", () => {
  it("answers a JSON 404 in the API's error shape", async () => {
    const { GET, DELETE } = await import("@/app/api/v1/[...path]/route");
    for (const handler of [GET, DELETE]) {
      const response = handler(new Request("http://localhost/api/v1/no/such/thing", { method: "GET" }));
      expect(response.status).toBe(404);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect((await response.json()).error).toMatchObject({ code: "resource-not-found", hint: expect.any(String) });
    }
  });
});

describe("GET /openapi.json", () => {
  it("lists exactly the routes and methods that exist on disk", async () => {
    const doc = await document();
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([apiPath, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${apiPath}`))
      .sort();
    const onDisk = await routesOnDisk();
    expect(onDisk.length).toBeGreaterThanOrEqual(17);
    expect(documented).toEqual(onDisk);
  });

  it("is OpenAPI 3.1 with a bearer scheme, public only for the verifier and itself", async () => {
    const doc = await document();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    const publicOperations = Object.entries(doc.paths as Record<string, Record<string, { security?: unknown[] }>>)
      .flatMap(([apiPath, operations]) => Object.entries(operations).filter(([, op]) => op.security?.length === 0).map(([m]) => `${m} ${apiPath}`));
    expect(publicOperations.sort()).toEqual(["get /openapi.json", "post /keys/verify"]);
    const ids = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("describes request bodies with the shared zod schemas' rules", async () => {
    const doc = await document();
    const createProject = doc.paths["/workspaces/{id}/projects"].post.requestBody.content["application/json"].schema;
    expect(createProject).toMatchObject({
      type: "object",
      additionalProperties: false,
      required: ["name"],
      properties: { name: { type: "string", minLength: 1, maxLength: 64 } },
    });
    const createEnvironment = doc.paths["/projects/{id}/environments"].post.requestBody.content["application/json"].schema;
    expect(createEnvironment.properties.kind).toMatchObject({ enum: ["database", "environment"], default: "environment" });
    expect(createEnvironment.required).toEqual(["name"]);
  });

  it("describes responses: one object as {data}, lists with pagination, errors by reference", async () => {
    const doc = await document();
    const created = doc.paths["/environments/{id}/api-keys"].post.responses["201"].content["application/json"].schema;
    expect(created.properties.data.required).toEqual(expect.arrayContaining(["id", "name", "hint", "value"]));
    const list = doc.paths["/environments/{id}/api-keys"].get;
    expect(list.responses["200"].content["application/json"].schema.properties.data.items.properties).not.toHaveProperty("value");
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(["id", "cursor", "limit"]);
    expect(list.responses["401"]).toEqual({ $ref: "#/components/responses/Unauthorized" });
    expect(doc.paths["/projects/{id}"].get.responses["200"].content["application/json"].schema.properties.data.properties.id.pattern).toContain("proj");
  });
});
