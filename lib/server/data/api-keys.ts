import "server-only";
import { newId } from "@/lib/ids";
import { generateApiKey } from "@/lib/keys/api-key";
import {
  encodeApiKeyCursor,
  listApiKeysSchema,
  type CreateApiKeyInput,
  type DeleteApiKeyInput,
  type ListApiKeysInput,
} from "@/lib/schemas/api-key";
import { actingUserId, authorize, type Actor } from "../authz";
import { db } from "../db";
import { notFound } from "../errors";
import { keyCreated, keyRevoked } from "@/lib/gateway/key-events";
import { decideExpiry, type ApiKeyPermission } from "@/lib/keys/expiry";
import { AppError } from "../errors";
import { notifyKeyEvent, settleKeyEvent } from "./key-events";
import { auditRecorder, SYSTEM_ACTOR, writeAudit } from "./audit-log";
import { expiredChange } from "./audit-expiry";
import { keyNudges, type KeyNudge } from "@/lib/keys/nudges";
import { afterCursor, apiKeyOrderBy } from "./api-key-order";
import { countNudges, readNudgeThresholds, type NudgeCounts } from "./key-nudges";
import { readKeyPolicy } from "./key-policy";
import { keyUsage24h, type KeyUsage24h } from "./usage";

/** What anyone with read access may see of a key: never the key itself, nor its digest. */
export type ApiKeyDto = {
  id: string;
  resourceId: string;
  name: string;
  hint: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** When the key stops working (ISO 8601); null: never. An expired key stays listed until deleted. */
  expiresAt: string | null;
  permission: ApiKeyPermission;
  /** The key that replaced this one when it was rolled; null if it was not. */
  rolledToId: string | null;
  createdBy: { name: string; email: string } | null;
  /** Requests in the last 24 hours and per hour (the list's column and sparkline); on list pages only. */
  usage24h?: KeyUsage24h;
  /** "rotate": older than the workspace's rotation age; "unused": not used lately, or never. Listings only. */
  nudges: KeyNudge[];
};

/**
 * `total`: how many keys match the search (all pages). `nudges`: how many of the resource's keys
 * are flagged, search or not (on the first page only; null on the others).
 */
export type ApiKeyPage = { items: ApiKeyDto[]; nextCursor: string | null; hasMore: boolean; total: number; nudges: NudgeCounts | null };

const apiKeySelect = {
  id: true,
  resourceId: true,
  name: true,
  hint: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  permission: true,
  rolledToId: true,
  createdBy: { select: { name: true, email: true } },
} as const;

export const PERMISSION_OF_ROW = { READ_WRITE: "read-write", READ_ONLY: "read-only" } as const satisfies Record<string, ApiKeyPermission>;
export const ROW_OF_PERMISSION = { "read-write": "READ_WRITE", "read-only": "READ_ONLY" } as const;

export function toDto(row: {
  id: string;
  resourceId: string;
  name: string;
  hint: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  permission: keyof typeof PERMISSION_OF_ROW;
  rolledToId: string | null;
  createdBy: { name: string; email: string } | null;
}, nudges: KeyNudge[] = []): ApiKeyDto {
  return {
    ...row,
    nudges,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    permission: PERMISSION_OF_ROW[row.permission],
  };
}

export { apiKeySelect };

/**
 * A search term as a literal inside Prisma's `contains`. Prisma 7 sends it to PostgreSQL as
 * `ILIKE '%' || term || '%'` without escaping, so `%` and `_` would act as wildcards (a search for
 * "_" found every key) and a lone `\` would escape the closing `%`. PostgreSQL's default LIKE
 * escape character is the backslash, so each of the three gets one in front.
 */
function likeLiteral(term: string): string {
  return term.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * One page of a resource's keys: newest first, or by name or last use either way; keyset-paginated on
 * (sort value, id), so pages never skip or repeat a key. `total` counts every key the search matches,
 * and each key carries its nudges (lib/keys/nudges.ts) under the workspace's thresholds.
 */
export async function listApiKeys(actor: Actor, rawInput: ListApiKeysInput, now = Date.now()): Promise<ApiKeyPage> {
  const input = listApiKeysSchema.parse(rawInput);
  const { workspaceId } = await authorize(actor, { resourceId: input.resourceId }, "key:read");
  const prisma = await db();
  const matching = {
    resourceId: input.resourceId,
    workspaceId,
    ...(input.search ? { name: { contains: likeLiteral(input.search), mode: "insensitive" as const } } : {}),
  };
  const thresholds = await readNudgeThresholds(workspaceId);
  const [rows, total, nudges] = await Promise.all([
    prisma.apiKey.findMany({
      where: input.cursor ? { AND: [matching, afterCursor(input.cursor, input.order)] } : matching,
      orderBy: apiKeyOrderBy(input.sort, input.order),
      take: input.limit + 1,
      select: apiKeySelect,
    }),
    prisma.apiKey.count({ where: matching }),
    input.cursor ? null : countNudges({ resourceId: input.resourceId, workspaceId }, thresholds, now),
  ]);
  const hasMore = rows.length > input.limit;
  const items = rows.slice(0, input.limit).map((row) => toDto(row, keyNudges(row, thresholds, now)));
  const usage = await keyUsage24h(items.map((item) => item.id));
  for (const item of items) item.usage24h = usage.get(item.id);
  const last = items.at(-1);
  return { items, hasMore, total, nudges, nextCursor: hasMore && last ? encodeApiKeyCursor(last, input.sort) : null };
}

/** Creates a key and returns its plaintext, which exists nowhere else once this returns. */
export async function createApiKey(
  actor: Actor,
  input: CreateApiKeyInput,
): Promise<{ apiKey: ApiKeyDto; plaintext: string }> {
  const { workspaceId } = await authorize(actor, { resourceId: input.resourceId }, "key:write");
  // The workspace policy, on every path (Console, REST, CLI all end here).
  const expiry = decideExpiry(input.expiresAt, await readKeyPolicy(workspaceId), Date.now());
  if (!expiry.ok) throw new AppError("validation-error", expiry.message, { expiresAt: [expiry.message] });
  const prisma = await db();
  const { plaintext, digest, hint } = generateApiKey();
  // A verifier may remember this digest as unknown (someone tried it before it existed): the event
  // makes every verifier forget that before the key is shown.
  const created = keyCreated(digest);
  const id = newId("apiKey");
  const audit = await auditRecorder(actor);
  const permission = input.permission ?? "read-write";
  const [row] = await prisma.$transaction([
    prisma.apiKey.create({
      data: {
        id,
        workspaceId,
        resourceId: input.resourceId,
        name: input.name,
        digest,
        hint,
        expiresAt: expiry.expiresAt,
        permission: ROW_OF_PERMISSION[permission],
        createdById: actingUserId(actor),
      },
      select: apiKeySelect,
    }),
    audit(prisma, {
      workspaceId,
      action: "api_key.created",
      object: { type: "api_key", id, name: input.name },
      details: { resourceId: input.resourceId, permission, expiresAt: expiry.expiresAt?.toISOString() ?? null },
    }),
    notifyKeyEvent(prisma, created),
  ]);
  await settleKeyEvent(created);
  return { apiKey: toDto(row), plaintext };
}

/** Deletes a key; from the moment this returns, verification of the key fails. */
export async function deleteApiKey(actor: Actor, input: DeleteApiKeyInput): Promise<ApiKeyDto> {
  const { workspaceId } = await authorize(actor, { apiKeyId: input.apiKeyId }, "key:write");
  const prisma = await db();
  // deleteMany rather than delete: a concurrent delete of the same key is "not found", not a crash.
  const revoked = keyRevoked({ keyId: input.apiKeyId });
  const audit = await auditRecorder(actor);
  const row = await prisma.$transaction(async (tx) => {
    const found = await tx.apiKey.findUnique({ where: { id: input.apiKeyId, workspaceId }, select: apiKeySelect });
    const deleted = await tx.apiKey.deleteMany({ where: { id: input.apiKeyId, workspaceId } });
    if (!found || deleted.count === 0) throw notFound("API key");
    const object = { type: "api_key", id: found.id, name: found.name } as const;
    // A key that expired before the periodic sweep saw it still gets its "expired" entry.
    if (found.expiresAt && found.expiresAt.getTime() <= Date.now()) await writeAudit(tx, SYSTEM_ACTOR, expiredChange(workspaceId, found));
    await audit(tx, { workspaceId, action: "api_key.deleted", object, details: { resourceId: found.resourceId } });
    await notifyKeyEvent(tx, revoked);
    return found;
  });
  // Every verifier in this process has dropped the key, and every other listening one confirmed.
  await settleKeyEvent(revoked);
  return toDto(row);
}
