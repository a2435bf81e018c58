import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET as getOpenApi } from "@/app/api/v1/openapi.json/route";
import { VERIFY_PATH } from "@/lib/gateway/http";
import { AUTHENTICATION_HINT } from "@/lib/server/api/errors";
import { gatewayUrl, requestGateway } from "../../support/gateway";

// The OpenAPI document against the route files on disk and what they answer: every path and
// method, the Allow header of every path (OPTIONS, and 405 for every method a path lacks, with the
// API's error body), Retry-After on 429s, the verifier's "a body or a Bearer header", and hints
// that point at places that exist.

const root = path.resolve(import.meta.dirname, "../../..");
const apiRoot = path.join(root, "app/api/v1");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RouteModule = Partial<Record<(typeof METHODS)[number] | "OPTIONS", Handler>>;

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    // [...path] answers unknown paths with a JSON 404; it is not an endpoint.
    if (entry.isDirectory()) return entry.name.startsWith("[...") ? [] : routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

const request = (method: string, apiPath = "/x") => new Request(`http://localhost/api/v1${apiPath}`, { method });
const noParams = { params: Promise.resolve({ id: "x" }) };

/** Every route file: its API path, its module, and the Allow header its OPTIONS answers. */
async function routesOnDisk() {
  const routes: { apiPath: string; module: RouteModule; allow: string }[] = [];
  for (const file of routeFiles(apiRoot)) {
    const apiPath = `/${path.relative(apiRoot, path.dirname(file)).split(path.sep).join("/")}`.replace(/\[(\w+)\]/g, "{$1}");
    const module = (await import(file)) as RouteModule;
    expect(module.OPTIONS, `${apiPath} exports its methods through routeHandlers()`).toBeTypeOf("function");
    const options = await module.OPTIONS!(request("OPTIONS", apiPath), noParams);
    expect(options.status).toBe(204);
    expect(options.headers.get("cache-control")).toBe("no-store");
    routes.push({ apiPath, module, allow: options.headers.get("allow")! });
  }
  return routes;
}

const implemented = (allow: string) => allow.split(", ").filter((method) => method !== "HEAD" && method !== "OPTIONS");

async function document() {
  const response = await getOpenApi(request("GET", "/openapi.json"));
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toBe("no-store");
  return response.json();
}

type PathItem = Record<string, { security?: unknown[]; operationId: string; responses: Record<string, { $ref?: string }> }> & {
  "x-allow": string;
};
const operationsOf = (item: PathItem) => Object.keys(item).filter((key) => ["get", "post", "put", "patch", "delete"].includes(key));

describe("GET /openapi.json and the route files", () => {
  it("lists exactly the routes and methods that exist on disk, with the Allow header each answers", async () => {
    const doc = await document();
    const paths = doc.paths as Record<string, PathItem>;
    const documented = Object.entries(paths).flatMap(([apiPath, item]) => operationsOf(item).map((m) => `${m.toUpperCase()} ${apiPath}`));
    const routes = await routesOnDisk();
    // POST /keys/verify is served by the key gateway (lib/gateway/http.ts), mounted in front of
    // Next.js by scripts/server.mjs, not by a route file.
    const onDisk = [`POST ${VERIFY_PATH.replace(/^\/api\/v1/, "")}`, ...routes.flatMap((r) => implemented(r.allow).map((m) => `${m} ${r.apiPath}`))];
    expect(onDisk.length).toBeGreaterThanOrEqual(18);
    expect(documented.sort()).toEqual(onDisk.sort());
    expect(documented).toContain("POST /auth/cli/token");
    for (const { apiPath, allow } of routes) expect({ apiPath, allow: paths[apiPath]!["x-allow"] }).toEqual({ apiPath, allow });
  });

  it("answers every method a route lacks with 405, its Allow header and the API's error body, before authentication", async () => {
    const doc = await document();
    let refused = 0;
    for (const { apiPath, module, allow } of await routesOnDisk()) {
      const allowed = allow.split(", ");
      for (const method of METHODS.filter((m) => !allowed.includes(m))) {
        const response = await module[method]!(request(method, apiPath), noParams);
        const body = await response.json();
        expect({ route: `${method} ${apiPath}`, status: response.status, allow: response.headers.get("allow") }).toEqual({
          route: `${method} ${apiPath}`,
          status: 405,
          allow: doc.paths[apiPath]["x-allow"],
        });
        expect(body).toEqual({ error: { code: "method-not-allowed", message: expect.stringContaining(method), hint: expect.stringContaining(allow) } });
        expect(response.headers.get("cache-control")).toBe("no-store");
        refused++;
      }
    }
    expect(refused).toBeGreaterThanOrEqual(40);
    expect(doc.components.responses.MethodNotAllowed.headers.Allow).toEqual({ $ref: "#/components/headers/Allow" });
  });

  it("the verifier (the gateway's route) answers other methods 405 with the documented Allow", async () => {
    const doc = await document();
    for (const method of ["GET", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
      const response = await requestGateway(await gatewayUrl(), VERIFY_PATH, { method });
      expect({ method, status: response.status, allow: response.headers.allow }).toEqual({ method, status: 405, allow: doc.paths["/keys/verify"]["x-allow"] });
      expect(response.json.error).toMatchObject({ code: "method-not-allowed", message: `${method} is not allowed here. Use POST.` });
    }
    expect(doc.paths["/keys/verify"].description).toContain("405 (MethodNotAllowed)");
  });

  it("an unknown /api/v1 path answers a JSON 404 in the API's error shape, whatever the method", async () => {
    const unknown = (await import("@/app/api/v1/[...path]/route")) as unknown as Record<string, (request: Request) => Response>;
    for (const method of [...METHODS, "OPTIONS"] as const) {
      const answered = unknown[method]!(new Request("http://localhost/api/v1/no/such/thing", { method }));
      expect({ method, status: answered.status }).toEqual({ method, status: 404 });
      expect(answered.headers.get("cache-control")).toBe("no-store");
      expect((await answered.json()).error).toMatchObject({ code: "resource-not-found", hint: expect.any(String) });
    }
  });
});

describe("the document", () => {
  it("is OpenAPI 3.1 with a bearer scheme; anonymous only for the verifier, the CLI's code exchange and itself", async () => {
    const doc = await document();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    const operations = Object.entries(doc.paths as Record<string, PathItem>).flatMap(([apiPath, item]) =>
      operationsOf(item).map((m) => ({ name: `${m} ${apiPath}`, ...item[m]! })),
    );
    const anonymous = operations.filter((op) => op.security?.some((requirement) => Object.keys(requirement as object).length === 0) || op.security?.length === 0);
    expect(anonymous.map((op) => op.name).sort()).toEqual(["get /openapi.json", "post /auth/cli/token", "post /keys/verify"]);
    const ids = operations.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("says Retry-After on every 429", async () => {
    const doc = await document();
    const tooMany = Object.values(doc.paths as Record<string, PathItem>).flatMap((item) => operationsOf(item).map((m) => item[m]!.responses["429"]));
    expect(tooMany.filter(Boolean).length).toBeGreaterThanOrEqual(18);
    for (const response of tooMany.filter(Boolean)) expect(response).toEqual({ $ref: "#/components/responses/TooManyRequests" });
    expect(doc.components.responses.TooManyRequests.headers["Retry-After"]).toEqual({ $ref: "#/components/headers/RetryAfter" });
    expect(doc.components.headers.RetryAfter.schema).toEqual({ type: "integer", minimum: 1 });
  });

  it("documents 503 with Retry-After on every operation that reads the database (a database outage)", async () => {
    const doc = await document();
    const operations = Object.entries(doc.paths as Record<string, PathItem>).flatMap(([apiPath, item]) =>
      operationsOf(item).map((m) => ({ name: `${m} ${apiPath}`, unavailable: item[m]!.responses["503"] })),
    );
    const without = operations.filter((op) => !op.unavailable).map((op) => op.name);
    expect(without).toEqual(["get /openapi.json"]);
    for (const op of operations.filter((each) => each.unavailable && each.name !== "post /keys/verify")) {
      expect(op.unavailable, op.name).toEqual({ $ref: "#/components/responses/ServiceUnavailable" });
    }
    expect(doc.components.responses.ServiceUnavailable.headers["Retry-After"]).toEqual({ $ref: "#/components/headers/RetryAfter" });
    expect(doc.components.schemas.Error.properties.error.properties.code.enum).toContain("service-unavailable");
  });

  it("says the verifier needs a body or a Bearer header, and the gateway answers neither with 422", async () => {
    const verify = (await document()).paths["/keys/verify"].post;
    expect(verify.requestBody.required).toBe(false);
    expect(verify.security).toEqual([{}, { apiKeyBearer: [] }]);
    expect(verify.description).toMatch(/empty body and the key as `Authorization: Bearer <key>`; neither answers 422/);
    const neither = await requestGateway(await gatewayUrl(), VERIFY_PATH, { method: "POST" });
    expect(neither.status).toBe(422);
    expect(neither.json.error.code).toBe("validation-error");
  });

  it("describes request bodies with the shared zod schemas' rules", async () => {
    const doc = await document();
    const createProject = doc.paths["/workspaces/{id}/projects"].post.requestBody.content["application/json"].schema;
    expect(createProject).toMatchObject({
      type: "object",
      additionalProperties: false,
      required: ["name"],
      properties: { name: { type: "string", minLength: 1, maxLength: 64, pattern: expect.stringMatching(/^\^.*\$$/) } },
    });
    const createEnvironment = doc.paths["/projects/{id}/environments"].post.requestBody.content["application/json"].schema;
    expect(createEnvironment.properties.kind).toMatchObject({ enum: ["database", "environment"], default: "environment" });
    expect(createEnvironment.required).toEqual(["name"]);
    const exchange = doc.paths["/auth/cli/token"].post.requestBody.content["application/json"].schema;
    expect(exchange).toMatchObject({ additionalProperties: false, required: ["code", "state", "codeVerifier"] });
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

  it("points at the Console's Access tokens page, which exists, and at no Settings → Access tokens", async () => {
    const text = JSON.stringify(await document());
    expect(text).not.toMatch(/Settings → Access tokens/);
    expect(text).toContain("Access tokens page, /account/tokens");
    expect(AUTHENTICATION_HINT).toContain("Access tokens page (/account/tokens)");
    expect(AUTHENTICATION_HINT).not.toMatch(/Settings → Access tokens/);
    expect(fs.existsSync(path.join(root, "app/(console)/account/tokens/page.tsx"))).toBe(true);
    const menu = fs.readFileSync(path.join(root, "app/(console)/_components/user-menu.tsx"), "utf8");
    expect(menu).toMatch(/href="\/account\/tokens"[\s\S]{0,300}Access tokens/);
  });
});
