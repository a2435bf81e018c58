import "server-only";
import { z } from "zod";
import { ID_PREFIXES, type IdKind } from "@/lib/ids";
import { validationError } from "./errors";

// `?cursor=&limit=` as the Management API has them: 100 items by default, at most 1000. A cursor
// is the position of the last item of the previous page, `<createdAt in ms>.<id>` (the format the
// API key list already uses), so deleting that item between two requests does not end the list.

export const PAGE_SIZE_DEFAULT = 100;
export const PAGE_SIZE_MAX = 1000;

export type Position = { createdAt: Date; id: string };

export const pageQuerySchema = z.object({
  cursor: z.string().max(200, { error: "Not a valid cursor." }).optional(),
  limit: z.coerce
    .number({ error: `The limit must be a whole number from 1 to ${PAGE_SIZE_MAX}.` })
    .int({ error: `The limit must be a whole number from 1 to ${PAGE_SIZE_MAX}.` })
    .min(1, { error: `The limit must be a whole number from 1 to ${PAGE_SIZE_MAX}.` })
    .max(PAGE_SIZE_MAX, { error: `The limit must be a whole number from 1 to ${PAGE_SIZE_MAX}.` })
    .default(PAGE_SIZE_DEFAULT),
});

/** `cursor` (raw) and `limit` from the query string; empty values count as absent. */
export function readPageQuery(request: Request): { cursor?: string; limit: number } {
  const query = new URL(request.url).searchParams;
  const parsed = pageQuerySchema.safeParse({
    cursor: query.get("cursor") || undefined,
    limit: query.get("limit") || undefined,
  });
  if (!parsed.success) throw validationError(parsed.error, "The query parameters are not valid.");
  return parsed.data;
}

/** Decodes a cursor of a list of `kinds`; anything else is a 422, never a query. */
export function decodePosition(cursor: string | undefined, ...kinds: IdKind[]): Position | undefined {
  if (cursor === undefined) return undefined;
  const prefixes = kinds.map((kind) => ID_PREFIXES[kind]).join("|");
  const match = new RegExp(`^(\\d{1,15})\\.((?:${prefixes})_[0-9A-Za-z]{16})$`).exec(cursor);
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
