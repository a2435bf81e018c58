import "server-only";
import { z } from "zod";
import type { IdKind } from "@/lib/ids";
import { cursorPattern } from "@/lib/schemas/common";
import { allowHeader, type RouteMethod } from "./methods";
import { AUDIT_LOG_DESCRIPTION, AUDIT_QUERY_PARAMETERS } from "./openapi-audit";
import { publicPaths } from "./openapi-public";
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX } from "./pagination";
import {
  apiKeyDtoSchema,
  auditLogEntryDtoSchema,
  createApiKeyBody,
  createdApiKeySchema,
  rollApiKeyBody,
  rolledApiKeySchema,
  createEnvironmentBody,
  createProjectBody,
  environmentDtoSchema,
  meSchema,
  projectDtoSchema,
  connectionTestResultSchema,
  renameProjectBody,
  revokedSchema,
  testConnectionBody,
  updateEnvironmentBody,
  usageReportSchema,
  workspaceDtoSchema,
} from "./schemas";
import { usageQueryParamsSchema } from "@/lib/schemas/usage";

// The OpenAPI 3.1 document of /api/v1, generated from the zod schemas that validate the requests
// (and from the response schemas in ./schemas). tests/integration/api/contract.test.ts checks that
// every route file on disk is listed here with the methods it answers (and its Allow header), and
// that the server refuses what this document rules out.

type Method = "get" | "post" | "patch" | "delete";

type Operation = {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  body?: z.ZodType;
  /** The body may be left out (an empty body stands for `{}`). */
  bodyOptional?: boolean;
  /** More than the summary says. */
  description?: string;
  /** The `data` of a success response; a list (with these ids in its cursor) when `list` is set. */
  response?: z.ZodType;
  list?: IdKind[];
  status?: 200 | 201;
  /** The noun of the `{id}` path parameter. */
  id?: string;
  /** Honours `Idempotency-Key` (lib/server/api/idempotency.ts). */
  idempotent?: boolean;
  /** Query parameters besides `cursor` and `limit`: the shared zod schema's fields, or written out. */
  query?: z.ZodObject | Record<string, unknown>[];
};

const IDEMPOTENCY_PARAMETER = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description:
    "Any 1–255 visible ASCII characters (e.g. a UUID), per logical request. The same key with the same path and body within 24 hours " +
    "answers the first request's result again — with `\"replayed\": true` and `Idempotent-Replayed: true`, and without a secret shown " +
    "once — instead of creating another object; another body is a 422; while the first is still running, a 409.",
  schema: { type: "string", pattern: "^[\\x21-\\x7e]{1,255}$" },
};

const OPERATIONS: Operation[] = [
  { method: "get", path: "/me", tag: "Me", summary: "Who the token stands for", response: meSchema },
  { method: "delete", path: "/me/token", tag: "Me", summary: "Revoke the token used for this request (log out)", response: revokedSchema },
  { method: "get", path: "/workspaces", tag: "Workspaces", summary: "List the workspaces the caller belongs to", response: workspaceDtoSchema, list: ["workspace"] },
  { method: "get", path: "/workspaces/{id}/projects", id: "workspace", tag: "Projects", summary: "List a workspace's projects", response: projectDtoSchema, list: ["project"] },
  { method: "post", path: "/workspaces/{id}/projects", id: "workspace", tag: "Projects", summary: "Create a project (with a 'Production' environment)", body: createProjectBody, response: projectDtoSchema, status: 201, idempotent: true },
  { method: "get", path: "/projects/{id}", id: "project", tag: "Projects", summary: "Get a project", response: projectDtoSchema },
  { method: "patch", path: "/projects/{id}", id: "project", tag: "Projects", summary: "Rename a project", body: renameProjectBody, response: projectDtoSchema },
  { method: "delete", path: "/projects/{id}", id: "project", tag: "Projects", summary: "Delete a project, its environments and their API keys", response: projectDtoSchema },
  { method: "get", path: "/projects/{id}/environments", id: "project", tag: "Environments", summary: "List a project's environments and databases", response: environmentDtoSchema, list: ["environment", "database"] },
  {
    method: "post", path: "/projects/{id}/environments", id: "project", tag: "Environments",
    summary: "Create an environment or a database, optionally with its database connection",
    description: "`connectionString` is write-only: stored encrypted, never returned; the response's `database` describes it.",
    body: createEnvironmentBody, response: environmentDtoSchema, status: 201, idempotent: true,
  },
  { method: "get", path: "/environments/{id}", id: "environment or database", tag: "Environments", summary: "Get an environment or database", response: environmentDtoSchema },
  {
    method: "patch", path: "/environments/{id}", id: "environment or database", tag: "Environments",
    summary: "Rename an environment or database, or set, replace or remove its database connection",
    description:
      "`connectionString` sets or replaces the connection (stored encrypted, never returned); `null` removes it. Gateways " +
      "stop using the old database at once. The response's `database` describes the connection (host, port, name, user).",
    body: updateEnvironmentBody, response: environmentDtoSchema,
  },
  {
    method: "post", path: "/environments/{id}/connection/test", id: "environment or database", tag: "Environments",
    summary: "Test the database connection: reachability, server version and latency",
    description:
      "Connects to the stored connection (or to `connectionString`, to test one before saving it) with a 5 s timeout, " +
      "applying the server's PLATFORM_DATABASE_HOSTS. An unreachable database is a 200 with `ok: false` and a message " +
      "naming host and cause (never the password); 422 when the resource has no connection to test.",
    body: testConnectionBody, bodyOptional: true, response: connectionTestResultSchema,
  },
  { method: "delete", path: "/environments/{id}", id: "environment or database", tag: "Environments", summary: "Delete an environment or database and its API keys", response: environmentDtoSchema },
  { method: "get", path: "/environments/{id}/api-keys", id: "environment or database", tag: "API keys", summary: "List API keys, newest first (never their values)", response: apiKeyDtoSchema, list: ["apiKey"] },
  { method: "post", path: "/environments/{id}/api-keys", id: "environment or database", tag: "API keys", summary: "Create an API key; the response is the only time its value is shown", body: createApiKeyBody, response: createdApiKeySchema, status: 201, idempotent: true },
  { method: "delete", path: "/api-keys/{id}", id: "API key", tag: "API keys", summary: "Delete an API key; it stops verifying at once", response: apiKeyDtoSchema },
  {
    method: "get", path: "/workspaces/{id}/audit-log", id: "workspace", tag: "Audit log",
    summary: "List the workspace's audit log, newest first (Admins only)",
    description: AUDIT_LOG_DESCRIPTION, response: auditLogEntryDtoSchema, list: ["auditLogEntry"], query: AUDIT_QUERY_PARAMETERS,
  },
  {
    method: "post", path: "/api-keys/{id}/roll", id: "API key", tag: "API keys",
    summary: "Roll an API key: a successor (value shown once) with the same resource, permission and lifetime; the old key keeps working for the grace period, then stops everywhere",
    body: rollApiKeyBody, response: rolledApiKeySchema, status: 201,
  },
  {
    method: "get", path: "/environments/{id}/usage", id: "environment or database", tag: "Usage",
    summary: "Usage and query insights of a resource (or one of its keys) over a range: requests, errors by code, cache hit rate, p50/p99, top query shapes",
    description: "Recorded by the query gateway per minute (shapes per hour), written in batches every few seconds; kept 14 days by default. A Viewer may read it. Query shapes are SQL with every value as `?`.",
    query: usageQueryParamsSchema, response: usageReportSchema,
  },
  {
    method: "get", path: "/api-keys/{id}/usage", id: "API key", tag: "Usage",
    summary: "One API key's usage over a range (default: the last 24 hours)",
    query: usageQueryParamsSchema.omit({ keyId: true }), response: usageReportSchema,
  },
];

const ERROR_RESPONSES = {
  Unauthorized: ["authentication-failed", "The token is missing, malformed, unknown or revoked."],
  Forbidden: ["permission-denied", "The caller's role does not allow this."],
  NotFound: ["resource-not-found", "No such object, or one the caller cannot see (another workspace's)."],
  MethodNotAllowed: ["method-not-allowed", "A method the path does not have (any method but those of its `x-allow`); `Allow` lists them."],
  Conflict: ["conflict", "A request with the same Idempotency-Key is still running; retry in a moment."],
  UnprocessableEntity: ["validation-error", "The body, a query parameter or the JSON itself is not valid."],
  TooManyRequests: ["rate-limit-exceeded", "Too many failed attempts from this address; retry after `Retry-After` seconds."],
  InternalServerError: ["internal-error", "An unexpected failure; nothing about it is disclosed."],
  ServiceUnavailable: [
    "service-unavailable",
    "The database cannot be reached (an outage, a restart): nothing was counted against the caller; retry after `Retry-After` seconds.",
  ],
} as const;

const HEADERS = {
  RetryAfter: { description: "Seconds to wait before the next attempt.", schema: { type: "integer", minimum: 1 } },
  Allow: { description: "The methods of this path, e.g. `GET, HEAD, OPTIONS, POST`.", schema: { type: "string" } },
};

const RESPONSE_HEADERS: Partial<Record<keyof typeof ERROR_RESPONSES, Record<string, unknown>>> = {
  TooManyRequests: { "Retry-After": { $ref: "#/components/headers/RetryAfter" } },
  ServiceUnavailable: { "Retry-After": { $ref: "#/components/headers/RetryAfter" } },
  MethodNotAllowed: { Allow: { $ref: "#/components/headers/Allow" } },
};

export function jsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: "draft-2020-12", unrepresentable: "any" });
  return rest;
}

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message", "hint"],
      properties: {
        code: { type: "string", enum: [...Object.values(ERROR_RESPONSES).map(([code]) => code), "conflict"] },
        message: { type: "string" },
        hint: { type: "string" },
        details: {
          type: "array",
          description: "For validation errors: one entry per invalid field.",
          items: { type: "object", required: ["path", "message"], properties: { path: { type: "string" }, message: { type: "string" } } },
        },
      },
    },
  },
};

function pageParameters(kinds: IdKind[]) {
  return [
    {
      name: "cursor",
      in: "query",
      required: false,
      description: "`nextCursor` of the previous page: `<createdAt in ms>.<id of its last item>`. Present means non-empty and valid.",
      schema: { type: "string", pattern: cursorPattern(...kinds).source },
    },
    {
      name: "limit",
      in: "query",
      required: false,
      description: `Items per page (default ${PAGE_SIZE_DEFAULT}, at most ${PAGE_SIZE_MAX}), in decimal digits only: no sign, point, exponent, \`0x\`/\`0b\` prefix or spaces.`,
      schema: { type: "integer", minimum: 1, maximum: PAGE_SIZE_MAX, default: PAGE_SIZE_DEFAULT },
    },
  ];
}

function queryParameters(schema: z.ZodObject) {
  return Object.entries(schema.shape).map(([name, field]) => {
    const { description, ...fieldSchema } = jsonSchema(field as z.ZodType, "input");
    return { name, in: "query", required: !(field as z.ZodType).safeParse(undefined).success, ...(description ? { description } : {}), schema: fieldSchema };
  });
}

export const json = (schema: unknown) => ({ "application/json": { schema } });
export const ref = (name: keyof typeof ERROR_RESPONSES) => ({ $ref: `#/components/responses/${name}` });

function successSchema(operation: Operation) {
  const data = operation.response ? jsonSchema(operation.response, "output") : {};
  if (!operation.list) return { type: "object", required: ["data"], properties: { data } };
  const pagination = {
    type: "object",
    required: ["nextCursor", "hasMore"],
    properties: { nextCursor: { type: ["string", "null"] }, hasMore: { type: "boolean" } },
  };
  return { type: "object", required: ["data", "pagination"], properties: { data: { type: "array", items: data }, pagination } };
}

function describe(operation: Operation) {
  const parameters = [
    ...(operation.id
      ? [{ name: "id", in: "path", required: true, description: `The ${operation.id}'s id.`, schema: { type: "string" } }]
      : []),
    ...(operation.list ? pageParameters(operation.list) : []),
    ...(Array.isArray(operation.query) ? operation.query : operation.query ? queryParameters(operation.query) : []),
    ...(operation.idempotent ? [IDEMPOTENCY_PARAMETER] : []),
  ];
  const responses: Record<string, unknown> = {
    [operation.status ?? 200]: { description: operation.summary, content: json(successSchema(operation)) },
    401: ref("Unauthorized"),
    ...(operation.method !== "get" ? { 403: ref("Forbidden") } : {}),
    ...(operation.id ? { 404: ref("NotFound") } : {}),
    ...(operation.idempotent ? { 409: ref("Conflict") } : {}),
    ...(operation.body || operation.list || operation.query ? { 422: ref("UnprocessableEntity") } : {}),
    429: ref("TooManyRequests"),
    500: ref("InternalServerError"),
    503: ref("ServiceUnavailable"),
  };
  return {
    operationId: `${operation.method}${operation.path.replace(/\{id\}/g, "ById").replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase())}`,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.tag],
    ...(parameters.length ? { parameters } : {}),
    ...(operation.body ? { requestBody: { required: !operation.bodyOptional, content: json(jsonSchema(operation.body, "input")) } } : {}),
    responses,
  };
}

/** A path item's methods as the server answers them: `x-allow` is its Allow header, word for word. */
export function pathItem(allow: string, operations: Record<string, unknown>, refusal = "405 (MethodNotAllowed)") {
  return {
    description: `Allowed: ${allow}. Any other method answers ${refusal} with this list in \`Allow\`.`,
    "x-allow": allow,
    ...operations,
  };
}

export function openApiDocument() {
  const byPath = new Map<string, Record<string, unknown>>();
  for (const operation of OPERATIONS) {
    const operations = byPath.get(operation.path) ?? {};
    operations[operation.method] = describe(operation);
    byPath.set(operation.path, operations);
  }
  const paths = Object.fromEntries(
    [...byPath].map(([path, operations]) => [
      path,
      pathItem(allowHeader(Object.keys(operations).map((method) => method.toUpperCase() as RouteMethod)), operations),
    ]),
  );
  const responses = Object.fromEntries(
    Object.entries(ERROR_RESPONSES).map(([name, [, description]]) => [
      name,
      {
        description,
        ...(RESPONSE_HEADERS[name as keyof typeof ERROR_RESPONSES] ? { headers: RESPONSE_HEADERS[name as keyof typeof ERROR_RESPONSES] } : {}),
        content: json({ $ref: "#/components/schemas/Error" }),
      },
    ]),
  );
  return {
    openapi: "3.1.0",
    info: {
      title: "Platform Console management API",
      version: "1.0.0",
      description:
        "Workspaces, projects, environments and their API keys. Authenticate with an access token " +
        "(`npx platform auth login`, or the Console's Access tokens page, /account/tokens) or a workspace service token " +
        "(a workspace's Settings). Every path but /keys/verify answers OPTIONS with 204 and `Allow`, HEAD where it " +
        "has GET, and any other method with 405 and `Allow` (each path's `x-allow`). Patterns are ECMA-262 regular " +
        "expressions with the `u` flag.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearerAuth: [] }],
    paths: { ...paths, ...publicPaths() },
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "A `pcpat_…` or `pcwst_…` token." },
        apiKeyBearer: { type: "http", scheme: "bearer", description: "An API key (`pcsk_…`), for POST /keys/verify with an empty body." },
      },
      schemas: { Error: errorSchema },
      headers: HEADERS,
      responses,
    },
  };
}
