import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as testConnection } from "@/app/api/v1/environments/[id]/connection/test/route";
import { GET as getEnvironment, PATCH as updateEnvironment } from "@/app/api/v1/environments/[id]/route";
import { GET as getOpenApi } from "@/app/api/v1/openapi.json/route";
import { GET as listEnvironments, POST as createEnvironment } from "@/app/api/v1/projects/[id]/environments/route";
import { db } from "@/lib/server/db";
import { makeMember, makeTenant, type Tenant } from "../../support/factories";
import { snapshotWorkspace } from "../../support/snapshot";
import { call, expectError, personalToken, serviceToken, type ApiResponse } from "./client";

// The REST API's side of a resource's database connection: `connectionString` is accepted by
// POST /projects/{id}/environments and PATCH /environments/{id} (null removes it) and never comes
// back; responses carry `database: {host, port, name, user} | null`; POST
// /environments/{id}/connection/test reports reachability; the OpenAPI document says all of it.

const PASSWORD = "Rest-Canary-Pw-51c2";
const url = (host = "db.example.com", port = 5432) => `postgresql://shop_user:${PASSWORD}@${host}:${port}/shop?sslmode=require`;
const serverUrl = process.env.TEST_DATABASE_ADMIN_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const DESCRIBED = { host: "db.example.com", port: 5432, name: "shop", user: "shop_user" };

let tenant: Tenant;
let token: string;
beforeAll(async () => {
  tenant = await makeTenant();
  token = await personalToken(tenant.owner.actor);
});
afterEach(() => {
  delete process.env.PLATFORM_DATABASE_HOSTS;
});

/** A response must never hold the string, its password, or a `connectionString` field. */
function expectNoSecret(response: ApiResponse) {
  expect(response.text).not.toContain(PASSWORD);
  expect(response.text).not.toContain("connectionString\":\"");
  expect(response.text).not.toMatch(/postgres(ql)?:\/\//i);
}

async function ciphertextOf(resourceId: string) {
  return (await (await db()).resource.findUniqueOrThrow({ where: { id: resourceId }, select: { connectionCiphertext: true } })).connectionCiphertext;
}

describe("POST /projects/{id}/environments with connectionString", () => {
  it("creates a database or an environment with its connection, described and never returned", async () => {
    for (const kind of ["database", "environment"]) {
      const created = await call(createEnvironment, "POST", { token, id: tenant.projectId, body: { name: `rest-${kind}`, kind, connectionString: url() } });
      expect(created.status).toBe(201);
      expect(created.json.data).toMatchObject({ kind, database: DESCRIBED });
      expect(created.json.data).not.toHaveProperty("connectionString");
      expectNoSecret(created);
      expect(await ciphertextOf(created.json.data.id)).toMatch(/^v1\./);

      const read = await call(getEnvironment, "GET", { token, id: created.json.data.id });
      expect(read.json.data.database).toEqual(DESCRIBED);
      expectNoSecret(read);
    }
    const listed = await call(listEnvironments, "GET", { token, id: tenant.projectId });
    expect(listed.json.data.filter((r: { database: unknown }) => r.database !== null)).toHaveLength(2);
    expect(listed.json.data.find((r: { kind: string; name: string }) => r.name.startsWith("Production")).database).toBeNull();
    expectNoSecret(listed);
  });

  it.each([
    ["a MySQL URL", `mysql://u:${PASSWORD}@h/d`],
    ["no host", `postgresql://u:${PASSWORD}@/d`],
    ["an unencoded @ in the password", `postgresql://u:${PASSWORD}@x@h/d`],
    ["a refused parameter", `postgresql://u:${PASSWORD}@h/d?sslrootcert=/etc/passwd`],
    ["an empty string", ""],
    ["a number", 5432],
  ])("answers 422 naming connectionString for %s, echoes nothing and creates nothing", async (_label, connectionString) => {
    const before = await snapshotWorkspace(tenant.workspaceId);
    const response = await call(createEnvironment, "POST", { token, id: tenant.projectId, body: { name: "bad", kind: "database", connectionString } });
    expectError(response, 422, "validation-error");
    expect(response.json.error.details).toEqual([{ path: "connectionString", message: expect.any(String) }]);
    expect(response.json.error.hint).toContain("connectionString: ");
    expect(response.text).not.toContain(PASSWORD);
    expect(await snapshotWorkspace(tenant.workspaceId)).toEqual(before);
  });

  it("answers 422 naming connectionString and PLATFORM_DATABASE_HOSTS for a host the server may not connect to", async () => {
    process.env.PLATFORM_DATABASE_HOSTS = "db.internal";
    const before = await snapshotWorkspace(tenant.workspaceId);
    const response = await call(createEnvironment, "POST", { token, id: tenant.projectId, body: { name: "far", kind: "database", connectionString: url() } });
    expectError(response, 422, "validation-error");
    expect(response.json.error.message).toContain("The host db.example.com is not in PLATFORM_DATABASE_HOSTS");
    expect(response.json.error.details).toEqual([{ path: "connectionString", message: expect.stringContaining("PLATFORM_DATABASE_HOSTS") }]);
    expect(await snapshotWorkspace(tenant.workspaceId)).toEqual(before);
  });
});

describe("PATCH /environments/{id}", () => {
  it("sets, replaces and (null) removes the connection, renames alongside, and refuses an empty change", async () => {
    const id = tenant.resourceId;
    const set = await call(updateEnvironment, "PATCH", { token, id, body: { connectionString: url() } });
    expect(set.status).toBe(200);
    expect(set.json.data.database).toEqual(DESCRIBED);
    expectNoSecret(set);
    const first = await ciphertextOf(id);

    const both = await call(updateEnvironment, "PATCH", { token, id, body: { name: "renamed-db", connectionString: url("db2.example.com", 6543) } });
    expect(both.json.data).toMatchObject({ name: "renamed-db", database: { ...DESCRIBED, host: "db2.example.com", port: 6543 } });
    expect(await ciphertextOf(id)).not.toBe(first);

    const renamed = await call(updateEnvironment, "PATCH", { token, id, body: { name: "renamed-again" } });
    expect(renamed.json.data).toMatchObject({ name: "renamed-again", database: { host: "db2.example.com" } });

    const before = await snapshotWorkspace(tenant.workspaceId);
    for (const body of [{}, { connectionString: "postgres://" }, { connectionString: url(), extra: true }]) {
      expectError(await call(updateEnvironment, "PATCH", { token, id, body }), 422, "validation-error");
    }
    expect(await snapshotWorkspace(tenant.workspaceId)).toEqual(before);

    const removed = await call(updateEnvironment, "PATCH", { token, id, body: { connectionString: null } });
    expect(removed.status).toBe(200);
    expect(removed.json.data.database).toBeNull();
    expect(await ciphertextOf(id)).toBeNull();
  });

  it("is refused to a Viewer (403) and to another workspace (404), changing nothing", async () => {
    const own = await makeTenant();
    await call(updateEnvironment, "PATCH", { token: await personalToken(own.owner.actor), id: own.resourceId, body: { connectionString: url() } });
    const viewer = await personalToken((await makeMember(own, "VIEWER")).actor);
    const before = await snapshotWorkspace(own.workspaceId);
    for (const body of [{ connectionString: url("evil.example.com") }, { connectionString: null }]) {
      expectError(await call(updateEnvironment, "PATCH", { token: viewer, id: own.resourceId, body }), 403, "permission-denied");
      expectError(await call(updateEnvironment, "PATCH", { token, id: own.resourceId, body }), 404, "resource-not-found");
    }
    // The Viewer reads the description, like everyone who may see the resource.
    const read = await call(getEnvironment, "GET", { token: viewer, id: own.resourceId });
    expect(read.json.data.database).toEqual(DESCRIBED);
    expect(await snapshotWorkspace(own.workspaceId)).toEqual(before);
  });
});

describe("POST /environments/{id}/connection/test", () => {
  it("tests the stored connection (no body) and a candidate, with server version and latency", async () => {
    const own = await makeTenant();
    const ownToken = (await serviceToken(own)).plaintext; // a service token acts as a Developer
    expectError(await call(testConnection, "POST", { token: ownToken, id: own.resourceId }), 422, "validation-error");

    const candidate = await call(testConnection, "POST", { token: ownToken, id: own.resourceId, body: { connectionString: serverUrl } });
    expect(candidate.status).toBe(200);
    expect(candidate.json.data).toMatchObject({ ok: true, serverVersion: expect.stringMatching(/^\d+/), latencyMs: expect.any(Number), connectMs: expect.any(Number) });
    expect(await ciphertextOf(own.resourceId)).toBeNull();

    await call(updateEnvironment, "PATCH", { token: ownToken, id: own.resourceId, body: { connectionString: serverUrl } });
    const stored = await call(testConnection, "POST", { token: ownToken, id: own.resourceId });
    expect(stored.json.data).toMatchObject({ ok: true, database: { host: "127.0.0.1" } });
    const empty = await call(testConnection, "POST", { token: ownToken, id: own.resourceId, body: {} });
    expect(empty.json.data.ok).toBe(true);
  });

  it("reports an unreachable database as ok: false with host and cause, never the password", async () => {
    const response = await call(testConnection, "POST", { token, id: tenant.resourceId, body: { connectionString: url("127.0.0.1", 1) } });
    expect(response.status).toBe(200);
    expect(response.json.data).toEqual({
      ok: false,
      message: expect.stringContaining("shop_user@127.0.0.1:1/shop: connection refused"),
      database: { host: "127.0.0.1", port: 1, name: "shop", user: "shop_user" },
    });
    expect(response.text).not.toContain(PASSWORD);
  });

  it("answers 422 for a bad candidate or body, 403 to a Viewer, 404 to another workspace", async () => {
    for (const body of [{ connectionString: "mysql://x@y/z" }, { connectionString: 1 }, { other: true }, "not json"]) {
      const response = await call(testConnection, "POST", { token, id: tenant.resourceId, body });
      expectError(response, 422, "validation-error");
    }
    const own = await makeTenant();
    const viewer = await personalToken((await makeMember(own, "VIEWER")).actor);
    expectError(await call(testConnection, "POST", { token: viewer, id: own.resourceId }), 403, "permission-denied");
    expectError(await call(testConnection, "POST", { token, id: own.resourceId, body: { connectionString: serverUrl } }), 404, "resource-not-found");
  });
});

describe("the OpenAPI document", () => {
  async function document() {
    return (await getOpenApi(new Request("http://localhost/api/v1/openapi.json"))).json();
  }
  const bodyOf = (doc: any, path: string, method: string) => doc.paths[path][method].requestBody;

  it("marks connectionString write-only with the server's pattern, in create and update, and refuses what the server refuses", async () => {
    const doc = await document();
    const create = bodyOf(doc, "/projects/{id}/environments", "post").content["application/json"].schema.properties.connectionString;
    const patch = bodyOf(doc, "/environments/{id}", "patch").content["application/json"].schema.properties.connectionString;
    for (const schema of [create, patch]) {
      const string = schema.anyOf.find((branch: { type: string }) => branch.type === "string");
      expect(string).toMatchObject({ writeOnly: true, minLength: 1, maxLength: 2048, pattern: expect.stringMatching(/^\^/) });
      expect(schema.anyOf).toContainEqual({ type: "null" });
      const pattern = new RegExp(string.pattern, "u");
      for (const good of [url(), " postgres://u@[::1]/d ", "POSTGRESQL://u:p%40ss:w0rd@h:1/d%20b?sslmode=require"]) expect({ good, ok: pattern.test(good) }).toEqual({ good, ok: true });
      for (const bad of ["mysql://u@h/d", "postgresql://u@h", "postgresql://@h/d", "postgresql://u:p@s@h/d", "postgresql://u@h/d#f", "postgresql://u@h /d"]) {
        expect({ bad, documented: pattern.test(bad) }).toEqual({ bad, documented: false });
        const response = await call(updateEnvironment, "PATCH", { token, id: tenant.resourceId, body: { connectionString: bad } });
        expect({ bad, status: response.status }).toEqual({ bad, status: 422 });
      }
    }
  });

  it("documents `database` on environments and the test endpoint with its optional body", async () => {
    const doc = await document();
    const environment = doc.paths["/environments/{id}"].get.responses["200"].content["application/json"].schema.properties.data;
    expect(environment.required).toContain("database");
    expect(environment.properties).not.toHaveProperty("connectionString");
    const database = environment.properties.database.anyOf.find((branch: { type: string }) => branch.type === "object");
    expect(Object.keys(database.properties).sort()).toEqual(["host", "name", "port", "user"]);
    const test = doc.paths["/environments/{id}/connection/test"].post;
    expect(test.requestBody.required).toBe(false);
    expect(JSON.stringify(test.responses["200"])).toContain("serverVersion");
    expect(test.responses["422"]).toEqual({ $ref: "#/components/responses/UnprocessableEntity" });
  });
});
