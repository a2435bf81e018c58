import { z } from "zod";
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
 * Where the next page starts: the creation time (ms) and id of the last key of the previous page.
 * A position rather than a key id, so that deleting that key does not end the listing early.
 */
export const apiKeyCursorSchema = z
  .string()
  .regex(cursorPattern("apiKey"), { error: "Not a valid cursor." })
  .transform((value) => {
    const [ms, id] = value.split(".") as [string, string];
    return { createdAt: new Date(Number(ms)), id };
  });

export function encodeApiKeyCursor(key: { createdAt: string; id: string }): string {
  return `${Date.parse(key.createdAt)}.${key.id}`;
}

/** One page of a resource's keys, newest first, optionally filtered by name. */
export const listApiKeysSchema = z.strictObject({
  resourceId: resourceIdSchema,
  search: searchTermSchema.optional(),
  cursor: apiKeyCursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(API_KEY_PAGE_SIZE_MAX).default(API_KEY_PAGE_SIZE_DEFAULT),
});
export type ListApiKeysInput = z.input<typeof listApiKeysSchema>;

/** Body of POST /api/v1/keys/verify. The key itself is checked by lib/keys, not by a regex here. */
export const verifyApiKeySchema = z.strictObject({
  key: z.string({ error: "Send the key as a string in the `key` field." }).max(512),
  resourceId: resourceIdSchema.optional(),
});
