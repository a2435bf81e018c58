import "server-only";
import { z } from "zod";
import { personalTokens } from "@/lib/keys/access-token";
import { KEY_NUDGES } from "@/lib/keys/nudges";
import { ROLES } from "@/lib/permissions";
import { API_KEY_PERMISSIONS, createApiKeySchema, rollApiKeySchema } from "@/lib/schemas/api-key";
import { apiKeyIdSchema, projectIdSchema, resourceIdSchema, workspaceIdSchema } from "@/lib/schemas/common";
import { accessTokenIdSchema } from "@/lib/schemas/access-token";
import { createProjectSchema, renameProjectSchema } from "@/lib/schemas/project";
import { connectionStringSchema } from "@/lib/schemas/database-connection";
import { changesSomething, createResourceSchema, RESOURCE_KINDS, resourceKindSchema, updateResourceFields } from "@/lib/schemas/resource";
import { AUDIT_ACTION_NAMES, AUDIT_ACTOR_TYPES, AUDIT_OBJECT_TYPE_NAMES } from "@/lib/schemas/audit-actions";
import type { ApiKeyDto } from "../data/api-keys";
import type { AuditLogEntryDto } from "../data/audit-log-read";
import { AUDIT_PATHS } from "../request-origin";
import type { ProjectDto } from "../data/projects";
import type { ConnectionTestResult } from "../data/resource-connections";
import type { ResourceDto } from "../data/resources";
import type { WorkspaceDto } from "../data/workspaces";

// Request bodies of the REST API, derived from the shared input schemas (the ids come from the
// path, so they are omitted; the objects stay strict, so unknown fields are still rejected), and
// zod descriptions of the response objects, from which the OpenAPI document is generated. The type
// checks at the bottom keep the response schemas equal to the data layer's DTO types.

export const createProjectBody = createProjectSchema.omit({ workspaceId: true });
export const renameProjectBody = renameProjectSchema.omit({ projectId: true });
export const createEnvironmentBody = createResourceSchema
  .omit({ projectId: true })
  .extend({ kind: resourceKindSchema.default("environment") });
/** PATCH /environments/{id}: a new name, a new connection string, null to remove it, or several. */
export const updateEnvironmentBody = z.strictObject(updateResourceFields).refine(...changesSomething);
/** POST /environments/{id}/connection/test: a candidate string, or no body to test the stored one. */
export const testConnectionBody = z.strictObject({ connectionString: connectionStringSchema.optional() });
export const createApiKeyBody = createApiKeySchema.omit({ resourceId: true });
export const rollApiKeyBody = rollApiKeySchema.omit({ apiKeyId: true });

const timestamp = z.iso.datetime({ offset: true });

export const workspaceDtoSchema = z.object({
  id: workspaceIdSchema,
  name: z.string(),
  role: z.enum(ROLES).describe("The caller's role in the workspace (a service token acts as a Developer)."),
  createdAt: timestamp,
});

export const projectDtoSchema = z.object({
  id: projectIdSchema,
  workspaceId: workspaceIdSchema,
  name: z.string(),
  createdAt: timestamp,
  resourceCount: z.number().int(),
});

export const databaseDescriptionSchema = z
  .object({
    host: z.string(),
    port: z.number().int(),
    name: z.string().describe("The database name."),
    user: z.string(),
  })
  .describe("What may be shown of the connection string: never the string itself or its password.");

export const environmentDtoSchema = z.object({
  id: resourceIdSchema.describe("`env_…` for an environment, `db_…` for a database."),
  workspaceId: workspaceIdSchema,
  projectId: projectIdSchema,
  projectName: z.string(),
  kind: z.enum(RESOURCE_KINDS),
  name: z.string(),
  createdAt: timestamp,
  apiKeyCount: z.number().int(),
  database: databaseDescriptionSchema
    .nullable()
    .describe(
      "The database connection (host, port, database name and user), or null when none is set (or when the stored one " +
        "cannot be decrypted with this server's key). The connection string itself is write-only.",
    ),
});

export const connectionTestResultSchema = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    serverVersion: z.string().describe("The server's `server_version`, e.g. `15.8`."),
    connectMs: z.number().describe("Connecting and authenticating, in milliseconds."),
    latencyMs: z.number().describe("One round trip (`SHOW server_version`) on the open connection, in milliseconds."),
    database: databaseDescriptionSchema,
  }),
  z.object({
    ok: z.literal(false),
    message: z.string().describe("Host and cause (refused, unresolvable, timeout, authentication failed, not allowed), never the password."),
    database: databaseDescriptionSchema,
  }),
]);

const creatorSchema = z.object({ name: z.string(), email: z.string() }).nullable();

export const apiKeyDtoSchema = z.object({
  id: apiKeyIdSchema,
  resourceId: resourceIdSchema,
  name: z.string(),
  hint: z.string().describe("The key's prefix and last four characters, e.g. `pcsk_…AbCd`."),
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable().describe("Recorded at a one-minute resolution."),
  expiresAt: timestamp.nullable().describe("From this instant the key fails verification everywhere; null: never. Expired keys stay listed until deleted."),
  permission: z.enum(API_KEY_PERMISSIONS).describe("`read-only`: the query gateway refuses writes (P6011)."),
  rolledToId: apiKeyIdSchema.nullable().describe("The key that replaced this one when it was rolled."),
  createdBy: creatorSchema.describe("Null for keys created with a service token."),
  usage24h: z
    .object({ requests: z.number().int(), hourly: z.array(z.number().int()).describe("Requests per hour, oldest first (24 values).") })
    .optional()
    .describe("In lists: the key's requests through the gateway in the last 24 hours."),
  nudges: z
    .array(z.enum(KEY_NUDGES))
    .describe("In lists: `rotate` when the key is older than the workspace's rotation age, `unused` when it was not used lately (or never); empty elsewhere."),
});

export const createdApiKeySchema = apiKeyDtoSchema.extend({
  value: z.string().describe("The key itself. Returned by this response only: store it now."),
});

export const rolledApiKeySchema = createdApiKeySchema.extend({
  rolled: apiKeyDtoSchema.describe("The old key, with its grace deadline as `expiresAt` and `rolledToId` set."),
});

export const meSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("user"),
    id: z.string(),
    email: z.string(),
    name: z.string(),
    tokenId: accessTokenIdSchema,
  }),
  z.object({ type: z.literal("service"), tokenId: accessTokenIdSchema, workspaceId: workspaceIdSchema }),
]);
export type MeDto = z.output<typeof meSchema>;

export const revokedSchema = z.object({ revoked: z.literal(true) });

export const cliTokenSchema = z.object({
  token: z.string().regex(personalTokens.pattern).describe("A new access token (`pcpat_…`): store it now, it is not shown again."),
  tokenId: accessTokenIdSchema,
});

export const verifyResultSchema = z.object({
  valid: z.boolean(),
  keyId: apiKeyIdSchema.optional(),
  resourceId: resourceIdSchema.optional(),
  resourceKind: z.enum(RESOURCE_KINDS).optional(),
  projectId: projectIdSchema.optional(),
  workspaceId: workspaceIdSchema.optional(),
  permission: z.enum(API_KEY_PERMISSIONS).optional(),
  expiresAt: timestamp.nullable().optional().describe("When the key stops working; null: never."),
  code: z.enum(["MALFORMED", "NOT_FOUND", "WRONG_RESOURCE", "EXPIRED", "UNAVAILABLE"]).optional(),
  message: z.string().optional(),
});

const auditActorSchema = z.object({
  type: z.enum(AUDIT_ACTOR_TYPES).describe("`user` (a session or a personal token), `service_token`, `anonymous` (a failed sign-in), `system` (an expiry)."),
  userId: z.string().nullable().describe("The user who acted; for a service token, the user who created it."),
  name: z.string().nullable().describe("The user's name when the entry was written."),
  email: z.string().nullable().describe("The user's email when the entry was written; for a failed sign-in, the address tried."),
  tokenId: z.string().nullable().describe("The access token the request carried (never its value)."),
  tokenName: z.string().nullable(),
});

export const auditLogEntryDtoSchema = z.object({
  id: z.string().describe("`aud_…`"),
  createdAt: timestamp.describe("When it happened (for `api_key.expired`: the instant the key stopped working)."),
  action: z.enum(AUDIT_ACTION_NAMES),
  actor: auditActorSchema,
  object: z.object({
    type: z.enum(AUDIT_OBJECT_TYPE_NAMES),
    id: z.string().nullable(),
    name: z.string().nullable().describe("The object's name (a member's or invitation's: the email) when the entry was written."),
  }),
  path: z.enum(AUDIT_PATHS).describe("`console`, `rest`, `cli` (told apart from REST by the CLI's User-Agent) or `system`."),
  address: z.string().nullable().describe("The client's address as the Console's server saw it."),
  userAgent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable().describe("What changed (e.g. a role's `from` and `to`); never a secret."),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const dtoSchemasMatchTypes: [
  Same<z.output<typeof workspaceDtoSchema>, WorkspaceDto>,
  Same<z.output<typeof projectDtoSchema>, ProjectDto>,
  Same<z.output<typeof environmentDtoSchema>, ResourceDto>,
  Same<z.output<typeof apiKeyDtoSchema>, ApiKeyDto>,
  Same<z.output<typeof connectionTestResultSchema>, ConnectionTestResult>,
  Same<z.output<typeof auditLogEntryDtoSchema>, AuditLogEntryDto>,
] = [true, true, true, true, true, true];
void dtoSchemasMatchTypes;

const milliseconds = z.number().nullable().describe("Milliseconds (from a log-scale histogram: within ±12 %); null without requests.");
const queryShapeSchema = z.object({
  id: z.string(),
  model: z.string().nullable(),
  operation: z.string(),
  text: z.string().describe("The query's SQL with every value replaced by `?`: never a parameter's value."),
  count: z.number().int(),
  totalMs: z.number(),
  avgMs: z.number(),
  p99Ms: milliseconds,
  rows: z.number().int(),
});

export const usageReportSchema = z.object({
  resourceId: resourceIdSchema,
  keyId: apiKeyIdSchema.nullable(),
  from: timestamp,
  to: timestamp,
  slotSeconds: z.number().int().describe("The width of one point of `series`: 60, 600 or 3600 seconds."),
  totals: z.object({
    requests: z.number().int(),
    errors: z.number().int(),
    cacheHits: z.number().int(),
    cacheMisses: z.number().int(),
    cacheHitRate: z.number().nullable().describe("Hits of reads with a cacheStrategy; null when there were none."),
    p50Ms: milliseconds,
    p99Ms: milliseconds,
  }),
  series: z.array(z.object({ t: timestamp, requests: z.number().int(), errors: z.number().int(), p50Ms: milliseconds, p99Ms: milliseconds })),
  errorsByCode: z.array(z.object({ code: z.string(), count: z.number().int() })),
  topByTotalTime: z.array(queryShapeSchema),
  topByCount: z.array(queryShapeSchema),
  keys: z.array(z.object({ id: apiKeyIdSchema, name: z.string(), requests: z.number().int() })).describe("The resource's keys with requests in the range."),
});
