import { z } from "zod";
import { API_KEY_SORTS, FIRST_ORDER, SORT_ORDERS, type ApiKeySort } from "@/lib/keys/api-key-order";
import { idPattern } from "@/lib/ids";
import { apiKeyIdSchema, cursorPattern, nameSchema, resourceIdSchema, searchTermSchema } from "./common";

import {
  API_KEY_PERMISSIONS,
  DATE_ONLY_PATTERN,
  dateOnlyToExpiry,
  GRACE_PERIOD_MAX_MS,
  parseDuration,
} from "@/lib/keys/expiry";

export { API_KEY_PERMISSIONS, type ApiKeyPermission } from "@/lib/keys/expiry";
import type { ApiKeyPermission } from "@/lib/keys/expiry";

export const apiKeyPermissionSchema = z
  .enum(API_KEY_PERMISSIONS, { error: 'Use "read-write" or "read-only".' })
  .describe("`read-only`: the query gateway refuses every write (create, update, upsert, delete, $executeRaw, raw SQL that is not a plain SELECT).");

/**
 * When a new key stops working: an ISO 8601 date-time with an offset, or a date alone (the end of that
 * day, UTC); null for never (if the workspace policy allows it). Absent: the default lifetime (90 days,
 * or the policy's maximum if that is shorter). The policy itself is applied by the data layer.
 */
export const expiresAtSchema = z
  .union([z.iso.datetime({ offset: true }), z.string().regex(DATE_ONLY_PATTERN)], {
    error: "Give the expiry as an ISO 8601 date-time (2027-03-01T12:00:00Z) or a date (2027-03-01), or null for never.",
  })
  .transform((value) => (DATE_ONLY_PATTERN.test(value) ? dateOnlyToExpiry(value) : new Date(value)))
  .refine((date) => !Number.isNaN(date.getTime()), { error: "That date does not exist." })
  .refine((date) => date.getTime() > Date.now(), { error: "Choose an expiry in the future." })
  .nullable()
  .describe("When the key stops working (ISO 8601; a date alone means the end of that day, UTC), or null: never. Absent: in 90 days, or the workspace's maximum lifetime if shorter.");

export const createApiKeySchema = z.strictObject({
  resourceId: resourceIdSchema,
  name: nameSchema,
  expiresAt: expiresAtSchema.optional(),
  permission: apiKeyPermissionSchema.default("read-write"),
});
/** What the data layer takes: the schema's output, with the permission's default left to it. */
export type CreateApiKeyInput = Omit<z.output<typeof createApiKeySchema>, "permission"> & { permission?: ApiKeyPermission };

/** How long a rolled key keeps working: "now" (or "0"), or a duration such as "1h", "24h", "7d"; at most 7 days. */
export const gracePeriodSchema = z
  .string({ error: 'Say how long the old key keeps working: "now", "1h", "24h" or "7d".' })
  .transform((value, context) => {
    const ms = value === "now" || value === "0" ? 0 : parseDuration(value);
    if (ms === null || ms > GRACE_PERIOD_MAX_MS) {
      context.addIssue({ code: "custom", message: 'Use "now", or a duration of at most 7 days such as "1h", "24h" or "7d".' });
      return z.NEVER;
    }
    return ms;
  })
  .meta({ type: "string", pattern: "^(now|0|[0-9]{1,5}[smhdw])$", description: 'How long the old key keeps working: "now", or up to "7d" (s, m, h, d, w).' });

export const rollApiKeySchema = z.strictObject({ apiKeyId: apiKeyIdSchema, gracePeriod: gracePeriodSchema });
export type RollApiKeyInput = z.infer<typeof rollApiKeySchema>;

export const deleteApiKeySchema = z.strictObject({ apiKeyId: apiKeyIdSchema });
export type DeleteApiKeyInput = z.infer<typeof deleteApiKeySchema>;

export const API_KEY_PAGE_SIZE_DEFAULT = 50;
export const API_KEY_PAGE_SIZE_MAX = 1000;

/**
 * Where the next page starts: the sort value and id of the last key of the previous page. A position
 * rather than a key id, so that deleting that key does not end the listing early. Newest first (the
 * REST API's only order) it is `<createdAt ms>.<id>`; sorted by name `N<base64url name>.<id>`; by
 * last use `U<ms, or "never">.<id>`. A cursor of one order is refused in another.
 */
export type ApiKeyCursor =
  | { sort: "created"; createdAt: Date; id: string }
  | { sort: "name"; name: string; id: string }
  | { sort: "lastUsed"; lastUsedAt: Date | null; id: string };

const createdCursor = cursorPattern("apiKey");
const idAfterDot = idPattern("apiKey").source.slice(1, -1);
const nameCursor = new RegExp(`^N([A-Za-z0-9_-]{0,400})\\.(${idAfterDot})$`);
const lastUsedCursor = new RegExp(`^U([0-9]{1,15}|never)\\.(${idAfterDot})$`);

export function decodeApiKeyCursor(sort: ApiKeySort, text: string): ApiKeyCursor | null {
  if (sort === "created") {
    const match = createdCursor.exec(text);
    return match ? { sort, createdAt: new Date(Number(match[1])), id: match[2]! } : null;
  }
  if (sort === "name") {
    const match = nameCursor.exec(text);
    return match ? { sort, name: Buffer.from(match[1]!, "base64url").toString("utf8"), id: match[2]! } : null;
  }
  const match = lastUsedCursor.exec(text);
  return match ? { sort, lastUsedAt: match[1] === "never" ? null : new Date(Number(match[1])), id: match[2]! } : null;
}

export function encodeApiKeyCursor(key: { createdAt: string; lastUsedAt: string | null; name: string; id: string }, sort: ApiKeySort = "created"): string {
  if (sort === "name") return `N${Buffer.from(key.name, "utf8").toString("base64url")}.${key.id}`;
  if (sort === "lastUsed") return `U${key.lastUsedAt === null ? "never" : Date.parse(key.lastUsedAt)}.${key.id}`;
  return `${Date.parse(key.createdAt)}.${key.id}`;
}

/** One page of a resource's keys, newest first unless sorted otherwise, optionally filtered by name. */
export const listApiKeysSchema = z
  .strictObject({
    resourceId: resourceIdSchema,
    search: searchTermSchema.optional(),
    sort: z.enum(API_KEY_SORTS, { error: 'Sort by "created", "name" or "lastUsed".' }).default("created"),
    order: z.enum(SORT_ORDERS, { error: 'Use "asc" or "desc".' }).optional(),
    cursor: z.string().max(512, { error: "Not a valid cursor." }).optional(),
    limit: z.coerce.number().int().min(1).max(API_KEY_PAGE_SIZE_MAX).default(API_KEY_PAGE_SIZE_DEFAULT),
  })
  .transform(({ cursor, ...input }, context) => {
    const order = input.order ?? FIRST_ORDER[input.sort];
    if (cursor === undefined) return { ...input, order, cursor: undefined };
    const decoded = decodeApiKeyCursor(input.sort, cursor);
    if (!decoded) {
      context.addIssue({ code: "custom", path: ["cursor"], message: "Not a valid cursor." });
      return z.NEVER;
    }
    return { ...input, order, cursor: decoded };
  });
export type ListApiKeysInput = z.input<typeof listApiKeysSchema>;

/** Body of POST /api/v1/keys/verify. The key itself is checked by lib/keys, not by a regex here. */
export const verifyApiKeySchema = z.strictObject({
  key: z.string({ error: "Send the key as a string in the `key` field." }).max(512),
  resourceId: resourceIdSchema.optional(),
});
