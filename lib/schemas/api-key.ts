import { z } from "zod";
import { apiKeyIdSchema, cursorPattern, nameSchema, resourceIdSchema, searchTermSchema } from "./common";

export const createApiKeySchema = z.strictObject({ resourceId: resourceIdSchema, name: nameSchema });
export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;

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
