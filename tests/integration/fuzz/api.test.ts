import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as deleteApiKey } from "@/app/api/v1/api-keys/[id]/route";
import { GET as listKeys, POST as createKey } from "@/app/api/v1/environments/[id]/api-keys/route";
import { POST as testConnection } from "@/app/api/v1/environments/[id]/connection/test/route";
import {
  DELETE as deleteEnvironment,
  GET as getEnvironment,
  PATCH as renameEnvironment,
} from "@/app/api/v1/environments/[id]/route";
import { GET as getMe } from "@/app/api/v1/me/route";
import { DELETE as revokeOwnToken } from "@/app/api/v1/me/token/route";
import { GET as listEnvironments, POST as createEnvironment } from "@/app/api/v1/projects/[id]/environments/route";
import { DELETE as deleteProject, GET as getProject, PATCH as renameProject } from "@/app/api/v1/projects/[id]/route";
import { GET as listProjects, POST as createProject } from "@/app/api/v1/workspaces/[id]/projects/route";
import { GET as listWorkspaces } from "@/app/api/v1/workspaces/route";
import type { IdKind } from "@/lib/ids";
import { makeApiKey, makeTenant, type Tenant } from "../../support/factories";
import {
  describeValue,
  FUZZ_AUTHORIZATION,
  FUZZ_CONNECTION_STRINGS,
  FUZZ_URL_STRINGS,
  FUZZ_VALUES,
  fuzzIds,
  rawErrorIn,
  uncleanName,
} from "../../support/fuzz-corpus";
import { gatewayUrl } from "../../support/gateway";
import { snapshotWorkspace } from "../../support/snapshot";
import { call, personalToken, type ApiResponse, type CallOptions } from "../api/client";

// The REST API's route handlers, called with the fuzz corpus as bodies, path ids, query parameters
// and Authorization headers. Whatever comes in: no status ≥ 500, every error in the
// `{error: {code, message, hint}}` shape with no raw error text, and every body JSON (so a
// `<script>` payload echoed in a name is data, never markup). See issue 4.

type Handler = Parameters<typeof call>[0];

// POST /keys/verify is served by the key gateway (lib/gateway), not by a Next.js route: this
// handler forwards the request to the gateway over HTTP, so it gets the same corpus.
const verifyKey: Handler = async (request: Request) => {
  const headers: Record<string, string> = {};
  for (const name of ["authorization", "content-type"]) {
    const value = request.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const body = await request.text();
  return fetch(`${await gatewayUrl()}/api/v1/keys/verify`, { method: request.method, headers, body: body === "" ? undefined : body });
};
type Endpoint = { label: string; handler: Handler; method: string; id?: { kind: IdKind; also?: IdKind[]; own: () => string } };

let tenant: Tenant;
let token: string;
const workspaceId = { kind: "workspace" as const, own: () => tenant.workspaceId };
const projectId = { kind: "project" as const, own: () => tenant.projectId };
const resourceId = { kind: "database" as const, also: ["environment" as const], own: () => tenant.resourceId };
const apiKeyId = { kind: "apiKey" as const, own: () => "" };

const ENDPOINTS: Endpoint[] = [
  { label: "GET /workspaces", handler: listWorkspaces, method: "GET" },
  { label: "GET /workspaces/{id}/projects", handler: listProjects, method: "GET", id: workspaceId },
  { label: "POST /workspaces/{id}/projects", handler: createProject, method: "POST", id: workspaceId },
  { label: "GET /projects/{id}", handler: getProject, method: "GET", id: projectId },
  { label: "PATCH /projects/{id}", handler: renameProject, method: "PATCH", id: projectId },
  { label: "DELETE /projects/{id}", handler: deleteProject, method: "DELETE", id: projectId },
  { label: "GET /projects/{id}/environments", handler: listEnvironments, method: "GET", id: projectId },
  { label: "POST /projects/{id}/environments", handler: createEnvironment, method: "POST", id: projectId },
  { label: "GET /environments/{id}", handler: getEnvironment, method: "GET", id: resourceId },
  { label: "PATCH /environments/{id}", handler: renameEnvironment, method: "PATCH", id: resourceId },
  { label: "DELETE /environments/{id}", handler: deleteEnvironment, method: "DELETE", id: resourceId },
  { label: "POST /environments/{id}/connection/test", handler: testConnection, method: "POST", id: resourceId },
  { label: "GET /environments/{id}/api-keys", handler: listKeys, method: "GET", id: resourceId },
  { label: "POST /environments/{id}/api-keys", handler: createKey, method: "POST", id: resourceId },
  { label: "DELETE /api-keys/{id}", handler: deleteApiKey, method: "DELETE", id: apiKeyId },
  { label: "GET /me", handler: getMe, method: "GET" },
  { label: "DELETE /me/token", handler: revokeOwnToken, method: "DELETE" },
];
const WITH_ID = ENDPOINTS.filter((endpoint) => endpoint.id);
const WITH_BODY = ENDPOINTS.filter((endpoint) => endpoint.method === "POST" || endpoint.method === "PATCH");
const LISTS = ENDPOINTS.filter((endpoint) => endpoint.label.startsWith("GET") && /s$/.test(endpoint.label));

// An unknown field is refused whatever its value; a few kinds of value are enough to show it.
const EXTRA_FIELD_VALUES = new Set(["empty", "1 MB", "script tag", "__proto__", "null", "object", "prototype-polluting object"]);

// A body that is not an object is refused by the shared body parser before any endpoint's schema;
// every non-object kind, and a few strings, per endpoint.
const WHOLE_BODY_VALUES = new Set([
  ...FUZZ_VALUES.filter(([, value]) => typeof value !== "string").map(([label]) => label),
  "empty", "1 MB", "NUL", "lone high surrogate", "script tag", "SQL drop", "__proto__",
]);

const figures = { requests: 0, statuses: new Map<number, number>() };
const problems: string[] = [];

/** Sends one request and records what is wrong with its response. */
async function send(label: string, handler: Handler, method: string, options: CallOptions): Promise<ApiResponse | null> {
  figures.requests++;
  let response: ApiResponse;
  try {
    response = await call(handler, method, options);
  } catch (error) {
    // call() parses the body as JSON: a throw here is a handler that threw or answered non-JSON.
    problems.push(`${label}: threw or answered non-JSON: ${error instanceof Error ? error.message.slice(0, 120) : String(error)}`);
    return null;
  }
  figures.statuses.set(response.status, (figures.statuses.get(response.status) ?? 0) + 1);
  const contentType = response.headers.get("content-type") ?? "";
  if (response.status >= 500) problems.push(`${label}: status ${response.status} ${response.text.slice(0, 200)}`);
  if (!contentType.startsWith("application/json")) problems.push(`${label}: content-type ${JSON.stringify(contentType)}`);
  if (/<script/i.test(response.text) && !contentType.startsWith("application/json")) {
    problems.push(`${label}: echoed <script> in a ${contentType} body`);
  }
  if (response.headers.get("cache-control") !== "no-store") problems.push(`${label}: Cache-Control is not no-store`);
  if (response.status >= 400) {
    const error = response.json?.error;
    const verifyRefusal = handler === verifyKey && response.status === 401;
    if (verifyRefusal) {
      // The verifier's refusal is its own documented shape ({valid: false, code, message}).
      if (response.json?.valid !== false || typeof response.json?.code !== "string") {
        problems.push(`${label}: verify refusal ${response.text.slice(0, 200)}`);
      }
    } else if (
      typeof error?.code !== "string" ||
      typeof error?.message !== "string" ||
      typeof error?.hint !== "string" ||
      !error.code ||
      !error.message ||
      !error.hint
    ) {
      problems.push(`${label}: error body ${response.text.slice(0, 200)}`);
    }
    const raw = rawErrorIn(JSON.stringify(error ?? response.json));
    if (raw) problems.push(`${label}: raw error text ${raw} in ${response.text.slice(0, 200)}`);
  } else if (response.status < 300) {
    // An accepted name must come back as stored: trimmed and printable.
    const name = response.json?.data?.name;
    if (typeof name === "string" && uncleanName(name)) problems.push(`${label}: stored name ${describeValue(name)}: ${uncleanName(name)}`);
  }
  return response;
}

beforeAll(async () => {
  tenant = await makeTenant();
  token = await personalToken(tenant.owner.actor);
  const key = await makeApiKey(tenant, "fuzz target key");
  apiKeyId.own = () => key.apiKey.id;
});

afterAll(() => {
  const statuses = [...figures.statuses.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`);
  console.log(`[fuzz api] ${figures.requests} requests; statuses: ${statuses.join(", ")}`);
});

describe("REST API with fuzz input", () => {
  it("Authorization headers: every endpoint refuses each with a 401 (or 429), never a 5xx", async () => {
    problems.length = 0;
    for (const endpoint of [...ENDPOINTS, { label: "GET /me again", handler: getMe, method: "GET" }]) {
      for (const [label, authorization] of FUZZ_AUTHORIZATION) {
        const response = await send(`${endpoint.label} Authorization=${label}`, endpoint.handler, endpoint.method, {
          headers: { authorization },
          id: endpoint.id?.own(),
        });
        if (response && ![401, 429].includes(response.status)) {
          problems.push(`${endpoint.label} Authorization=${label}: status ${response.status}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("path ids: malformed, wrong-prefix and unknown ids answer 404 and change nothing", async () => {
    problems.length = 0;
    const before = await snapshotWorkspace(tenant.workspaceId);
    for (const endpoint of WITH_ID) {
      // A body the endpoint takes, so that only the id decides (the connection test takes none).
      const body = endpoint.handler === testConnection ? undefined : endpoint.method === "POST" || endpoint.method === "PATCH" ? { name: "fuzz" } : undefined;
      for (const [label, id] of fuzzIds(endpoint.id!.kind, ...(endpoint.id!.also ?? []))) {
        if (typeof id !== "string") continue; // path segments are strings
        const response = await send(`${endpoint.label} id=${label}`, endpoint.handler, endpoint.method, { token, id, body });
        if (response && response.status !== 404) problems.push(`${endpoint.label} id=${label}: status ${response.status}`);
      }
    }
    expect(problems).toEqual([]);
    expect(await snapshotWorkspace(tenant.workspaceId)).toEqual(before);
  });

  it("bodies: every fuzz value as the name, as other fields and as the whole body", async () => {
    problems.length = 0;
    for (const endpoint of WITH_BODY) {
      const options = (body: unknown): CallOptions => ({ token, id: endpoint.id?.own(), body });
      for (const [label, value] of FUZZ_VALUES) {
        // JSON.stringify(undefined) is no body at all, which is a case of its own.
        await send(`${endpoint.label} name=${label}`, endpoint.handler, endpoint.method, options({ name: value }));
        if (WHOLE_BODY_VALUES.has(label)) {
          await send(`${endpoint.label} body=${label}`, endpoint.handler, endpoint.method, options(value === undefined ? "" : JSON.stringify(value) ?? "null"));
        }
        if (EXTRA_FIELD_VALUES.has(label)) {
          await send(`${endpoint.label} extra=${label}`, endpoint.handler, endpoint.method, options({ name: "ok", extra: value }));
        }
        if (endpoint.handler === createEnvironment) {
          await send(`${endpoint.label} kind=${label}`, endpoint.handler, endpoint.method, options({ name: "ok", kind: value }));
        }
      }
      // The connection string, wherever it is taken: no fuzz value is stored, connected to or echoed.
      if (([createEnvironment, renameEnvironment, testConnection] as Handler[]).includes(endpoint.handler)) {
        const before = await snapshotWorkspace(tenant.workspaceId);
        for (const [label, value] of FUZZ_CONNECTION_STRINGS) {
          const body = endpoint.handler === createEnvironment ? { name: "ok", connectionString: value } : { connectionString: value };
          const response = await send(`${endpoint.label} connectionString=${label}`, endpoint.handler, endpoint.method, options(body));
          // null and a missing field are valid (no connection; the stored one), and so is what JSON
          // turns into null (NaN); every other value is a 422.
          const valid = value === null || value === undefined || Number.isNaN(value);
          if (response && !valid && response.status !== 422) problems.push(`${endpoint.label} connectionString=${label}: status ${response.status}`);
          if (response && typeof value === "string" && value.length > 8 && response.text.includes(value)) {
            problems.push(`${endpoint.label} connectionString=${label}: echoed in the answer`);
          }
        }
        if (endpoint.handler !== createEnvironment) expect(await snapshotWorkspace(tenant.workspaceId)).toEqual(before);
      }
      for (const [label, raw] of [
        ["not JSON", "<script>alert(1)</script>"],
        ["truncated JSON", '{"name": "x"'],
        ["JSON with a BOM", '\ufeff{"name": "bom"}'],
        ["duplicate keys", '{"name": "a", "name": "<script>alert(1)</script>"}'],
        ["__proto__ key", '{"name": "ok", "__proto__": {"admin": true}}'],
        ["constructor key", '{"name": "ok", "constructor": {"prototype": {"admin": true}}}'],
        ["64 KiB + 1", JSON.stringify({ name: "z".repeat(64 * 1024) })],
        ["deep nesting", `${"[".repeat(5000)}${"]".repeat(5000)}`],
        ["lone surrogate escaped", '{"name": "bad\\ud800name"}'],
        ["NUL escaped", '{"name": "nul\\u0000name"}'],
      ] as const) {
        await send(`${endpoint.label} raw=${label}`, endpoint.handler, endpoint.method, options(raw));
      }
    }
    // The verifier takes its key in the body too.
    for (const [label, value] of FUZZ_VALUES) {
      await send(`POST /keys/verify key=${label}`, verifyKey, "POST", { body: { key: value } });
      await send(`POST /keys/verify resourceId=${label}`, verifyKey, "POST", { body: { key: "pcsk_x", resourceId: value } });
      await send(`POST /keys/verify body=${label}`, verifyKey, "POST", { body: value === undefined ? "" : JSON.stringify(value) ?? "null" });
    }
    expect(problems).toEqual([]);
    // Thousands of sequential requests: 4–20 s alone, more on a loaded two-core machine.
  }, 120_000);

  it("query parameters: cursor and limit on every list", async () => {
    problems.length = 0;
    for (const endpoint of LISTS) {
      const queries: [string, string][] = [];
      for (const [label, value] of FUZZ_URL_STRINGS) {
        queries.push([`cursor=${label}`, new URLSearchParams({ cursor: value }).toString()]);
        queries.push([`limit=${label}`, new URLSearchParams({ limit: value }).toString()]);
      }
      for (const [label, kind] of [["a key", "apiKey"], ["a workspace", "workspace"], ["a project", "project"]] as const) {
        // Ids of every other kind, and of the right kind naming nothing (the id field's own fuzz
        // is the cursor fuzz above: a cursor is matched as a whole).
        for (const [idLabel, id] of fuzzIds(kind).filter(([idLabel]) => /^a \w+ id$|^missing id$/.test(idLabel))) {
          queries.push([`cursor=${label} ${idLabel}`, new URLSearchParams({ cursor: `${Date.now()}.${id as string}` }).toString()]);
        }
      }
      queries.push(
        ["limit=-1", "limit=-1"],
        ["limit=1e3", "limit=1e3"],
        ["limit=1001", "limit=1001"],
        ["limit=0x10", "limit=0x10"],
        ["limit=Infinity", "limit=Infinity"],
        ["two limits", "limit=1&limit=2"],
        ["bad percent-encoding", "cursor=%ZZ&limit=%E0%A4%A"],
        ["encoded NUL", "cursor=%00&limit=%00"],
        ["array syntax", "cursor[]=x&limit[]=1"],
        ["huge cursor time", "cursor=999999999999999.key_0000000000000000"],
      );
      for (const [label, query] of queries) {
        const response = await send(`${endpoint.label} ${label}`, endpoint.handler, endpoint.method, {
          token,
          id: endpoint.id?.own(),
          query,
        });
        if (response && ![200, 422].includes(response.status)) problems.push(`${endpoint.label} ${label}: status ${response.status}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
