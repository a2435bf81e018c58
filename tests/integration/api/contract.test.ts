import { beforeAll, describe, expect, it } from "vitest";
import { GET as listKeys, POST as createKey } from "@/app/api/v1/environments/[id]/api-keys/route";
import { PATCH as renameEnvironment } from "@/app/api/v1/environments/[id]/route";
import { GET as listEnvironments, POST as createEnvironment } from "@/app/api/v1/projects/[id]/environments/route";
import { PATCH as renameProject } from "@/app/api/v1/projects/[id]/route";
import { GET as listProjects, POST as createProject } from "@/app/api/v1/workspaces/[id]/projects/route";
import { GET as getOpenApi } from "@/app/api/v1/openapi.json/route";
import { GET as listWorkspaces } from "@/app/api/v1/workspaces/route";
import { newId } from "@/lib/ids";
import { nameSchema } from "@/lib/schemas/common";
import { createApiKey } from "@/lib/server/data/api-keys";
import { createProject as addProject } from "@/lib/server/data/projects";
import { db } from "@/lib/server/db";
import { makeTenant, type Tenant } from "../../support/factories";
import { snapshotWorkspace } from "../../support/snapshot";
import { call, expectError, personalToken } from "./client";

// What the API promises about its input (422s with details), and that the OpenAPI document says
// exactly that: every value the server refuses here, the document's schema refuses too.

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

// One name per documented rule (and per character class the pattern forbids).
const BAD_NAMES: [string, string][] = [
  ["65 characters", "x".repeat(65)],
  ["65 emoji (code points)", "🚀".repeat(65)],
  ["64 characters and a space", `${"x".repeat(64)} `],
  ["empty", ""],
  ["spaces only", "   "],
  ["ideographic space and line separator only", "\u3000\u2028"],
  ["a tab inside", "a\tb"],
  ["a newline inside", "prod\nstaging"],
  ["a C1 control", "a\u0085b"],
  ["DEL", "a\u007Fb"],
  ["a zero-width joiner", "a\u200Db"],
  ["a bidi override", "\u202Edorp"],
  ["a bidi isolate", "a\u2066b"],
  ["a word joiner", "a\u2060b"],
  ["a byte-order mark inside", "a\uFEFFb"],
  ["a lone surrogate", "ok\uD83D"],
];
const GOOD_NAMES = ["production", "  production \t\n", "\uFEFFprod", "a b", "a\u00A0b", "Produktion – München 🚀", "🚀".repeat(64), "x".repeat(64)];

type StringSchema = { type: string; minLength?: number; maxLength?: number; pattern?: string };

/** Whether a string schema of the document allows `value` (lengths in code points, pattern with `u`). */
function documentAllows(schema: StringSchema, value: string): boolean {
  const length = [...value].length;
  return (
    schema.type === "string" &&
    length >= (schema.minLength ?? 0) &&
    length <= (schema.maxLength ?? Infinity) &&
    (schema.pattern === undefined || new RegExp(schema.pattern, "u").test(value))
  );
}

async function document() {
  return (await getOpenApi(new Request("http://localhost/api/v1/openapi.json"))).json();
}

/** The document's schema of `name` in the request body of `label` ("POST /workspaces/{id}/projects"). */
async function documentedName(label: string): Promise<StringSchema> {
  const [method, path] = label.split(" ") as [string, string];
  const doc = await document();
  return doc.paths[path][method.toLowerCase()].requestBody.content["application/json"].schema.properties.name;
}

describe.each(NAMED)("$label", ({ label, handler, method, id }) => {
  it.each(BAD_BODIES)("answers 422 for %s, with details", async (_label, body, expected) => {
    // PATCH /environments/{id} takes a name, a connectionString or both: without either, the body is at fault.
    const path = label === "PATCH /environments/{id}" && _label === "a missing name" ? "(body)" : expected;
    const response = await call(handler, method, { token, id: id(), body: JSON.stringify(body) });
    expectError(response, 422, "validation-error");
    expect(response.json.error.details).toEqual(expect.arrayContaining([{ path, message: expect.any(String) }]));
    expect(response.json.error.hint).toContain(path);
  });

  it("answers 422 for a name breaking any documented rule, and the document's schema refuses it too", async () => {
    const schema = await documentedName(label);
    expect(schema).toMatchObject({ type: "string", minLength: 1, maxLength: 64, pattern: expect.any(String) });
    for (const [rule, name] of BAD_NAMES) {
      const response = await call(handler, method, { token, id: id(), body: { name } });
      expect({ rule, status: response.status, details: response.json.error?.details?.[0]?.path }).toEqual({ rule, status: 422, details: "name" });
      expect({ rule, documented: documentAllows(schema, name) }).toEqual({ rule, documented: false });
    }
    for (const name of GOOD_NAMES) {
      expect({ name, documented: documentAllows(schema, name), server: nameSchema.safeParse(name).success }).toEqual({ name, documented: true, server: true });
    }
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
    { path: "/workspaces", handler: listWorkspaces, id: () => undefined },
    { path: "/workspaces/{id}/projects", handler: listProjects, id: () => tenant.workspaceId },
    { path: "/projects/{id}/environments", handler: listEnvironments, id: () => tenant.projectId },
    { path: "/environments/{id}/api-keys", handler: listKeys, id: () => tenant.resourceId },
  ];
  // `+` is sent as %2B and a space as %20: these are the values the server sees.
  const ODD_LIMITS = ["0x10", "1e1", "0b11", "%205", "5%20", "5.0", "%2B5", "-1", "0", "1001", "1e400", "abc", "2.5", "", "%D9%A3", "5,0"];
  const BAD_CURSORS = ["garbage", "", "1.proj_x", "9".repeat(300), "-1.proj_AAAAAAAAAAAAAAAA", "1.proj_AAAAAAAAAAAAAAAA%20", "%D9%A3.proj_AAAAAAAAAAAAAAAA"];

  it.each(LISTS)("GET $path answers 422 for limits that are not plain digits or out of range, and for bad cursors", async ({ path, handler, id }) => {
    const parameters: { name: string; schema: { pattern?: string; type: string } }[] = (await document()).paths[path].get.parameters;
    const cursorSchema = parameters.find((parameter) => parameter.name === "cursor")!.schema;
    expect(parameters.find((parameter) => parameter.name === "limit")!.schema).toEqual({ type: "integer", minimum: 1, maximum: 1000, default: 100 });
    for (const limit of ODD_LIMITS) {
      const response = await call(handler, "GET", { token, id: id(), query: `limit=${limit}` });
      expect({ limit, status: response.status, code: response.json.error?.code }).toEqual({ limit, status: 422, code: "validation-error" });
    }
    for (const cursor of BAD_CURSORS) {
      const response = await call(handler, "GET", { token, id: id(), query: `cursor=${cursor}` });
      expect({ cursor, status: response.status }).toEqual({ cursor, status: 422 });
      expect({ cursor, documented: new RegExp(cursorSchema.pattern!, "u").test(decodeURIComponent(cursor)) }).toEqual({ cursor, documented: false });
    }
    for (const query of ["limit=1000", "limit=1", "limit=007", ""]) {
      expect({ query, status: (await call(handler, "GET", { token, id: id(), query })).status }).toEqual({ query, status: 200 });
    }
  });

  it.each(LISTS)("GET $path: the documented cursor pattern matches the server's nextCursor and nothing of another list", async ({ path, handler }) => {
    // A tenant of its own with two items in every list (the shared one's workspace is snapshotted).
    const own = await makeTenant();
    const ownToken = await personalToken(own.owner.actor);
    const prisma = await db();
    const otherWorkspace = newId("workspace");
    await prisma.workspace.create({ data: { id: otherWorkspace, name: "second" } });
    await prisma.membership.create({ data: { id: newId("membership"), userId: own.owner.userId, workspaceId: otherWorkspace, role: "ADMIN" } });
    await addProject(own.owner.actor, { workspaceId: own.workspaceId, name: "second" });
    for (const name of ["one", "two"]) await createApiKey(own.owner.actor, { resourceId: own.resourceId, name });
    const ids: Record<string, string | undefined> = {
      "/workspaces": undefined,
      "/workspaces/{id}/projects": own.workspaceId,
      "/projects/{id}/environments": own.projectId,
      "/environments/{id}/api-keys": own.resourceId,
    };

    const first = await call(handler, "GET", { token: ownToken, id: ids[path], query: "limit=1" });
    expect(first.json.pagination.hasMore).toBe(true);
    const cursor: string = first.json.pagination.nextCursor;
    const pattern = (await document()).paths[path].get.parameters.find((p: { name: string }) => p.name === "cursor").schema.pattern;
    expect(cursor).toMatch(new RegExp(pattern, "u"));
    expect((await call(handler, "GET", { token: ownToken, id: ids[path], query: `cursor=${cursor}` })).status).toBe(200);
    // Another list's cursor: refused by the document and by the server.
    const foreign = path === "/workspaces" ? cursor.replace(/\.wksp_/, ".proj_") : cursor.replace(/\.(proj|env|db|key)_/, ".wksp_");
    expect(foreign).not.toMatch(new RegExp(pattern, "u"));
    expect((await call(handler, "GET", { token: ownToken, id: ids[path], query: `cursor=${foreign}` })).status).toBe(422);
  });
});

describe("refused requests", () => {
  it("changed nothing", async () => {
    expect(await snapshotWorkspace(tenant.workspaceId)).toEqual(before);
  });
});
