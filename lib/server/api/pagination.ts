import "server-only";
import { z } from "zod";
import type { IdKind } from "@/lib/ids";
import { cursorPattern } from "@/lib/schemas/common";
import { validationError } from "./errors";

// `?cursor=&limit=` as the Management API has them: 100 items by default, at most 1000. A cursor
// is the position of the last item of the previous page, `<createdAt in ms>.<id>` (the format the
// API key list already uses), so deleting that item between two requests does not end the list.
// A parameter that is present must be valid: `limit=` or `cursor=` (empty) is a 422, like any value
// the OpenAPI document does not allow.

export const PAGE_SIZE_DEFAULT = 100;
export const PAGE_SIZE_MAX = 1000;

/** What a limit must look like: decimal digits only (no sign, point, exponent, 0x/0b or spaces). */
const LIMIT_PATTERN = /^[0-9]+$/;

export type Position = { createdAt: Date; id: string };

const LIMIT_MESSAGE = `The limit must be a whole number from 1 to ${PAGE_SIZE_MAX}, written in digits only.`;

export const pageQuerySchema = z.object({
  cursor: z.string().max(200, { error: "Not a valid cursor." }).optional(),
  limit: z
    .string()
    .regex(LIMIT_PATTERN, { error: LIMIT_MESSAGE })
    .transform(Number)
    .pipe(z.number().min(1, { error: LIMIT_MESSAGE }).max(PAGE_SIZE_MAX, { error: LIMIT_MESSAGE }))
    .optional()
    .transform((limit) => limit ?? PAGE_SIZE_DEFAULT),
});

/** `cursor` (raw) and `limit` from the query string; an absent one is undefined, an empty one invalid. */
export function readPageQuery(request: Request): { cursor?: string; limit: number } {
  const query = new URL(request.url).searchParams;
  const parsed = pageQuerySchema.safeParse({
    cursor: query.get("cursor") ?? undefined,
    limit: query.get("limit") ?? undefined,
  });
  if (!parsed.success) throw validationError(parsed.error, "The query parameters are not valid.");
  return parsed.data;
}

/** Decodes a cursor of a list of `kinds`; anything else is a 422, never a query. */
export function decodePosition(cursor: string | undefined, ...kinds: IdKind[]): Position | undefined {
  if (cursor === undefined) return undefined;
  const match = cursorPattern(...kinds).exec(cursor);
  if (!match) {
    const issue = { code: "custom" as const, path: ["cursor"], message: "Not a valid cursor.", input: cursor };
    throw validationError(new z.ZodError([issue]), "The query parameters are not valid.");
  }
  return { createdAt: new Date(Number(match[1])), id: match[2]! };
}

export function encodePosition(item: { createdAt: string; id: string }): string {
  return `${Date.parse(item.createdAt)}.${item.id}`;
}

/** The pagination block of a list response, from a page fetched with `take: limit + 1`. */
export function paginationOf(page: { items: { createdAt: string; id: string }[]; hasMore: boolean }) {
  const last = page.items.at(-1);
  return { nextCursor: page.hasMore && last ? encodePosition(last) : null, hasMore: page.hasMore };
}
