import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET as getOpenApi } from "@/app/api/v1/openapi.json/route";

// Every route file under app/api/v1 and every method it exports must be in the OpenAPI document,
// and everything the document lists must exist on disk.

const apiRoot = path.resolve(import.meta.dirname, "../../../app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

async function routesOnDisk(): Promise<string[]> {
  const routes: string[] = [];
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
