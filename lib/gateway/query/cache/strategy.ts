// What `@prisma/extension-accelerate` 3.x asks of the cache, read from its headers (its dist,
// 3.0.1: per operation it sets `cache-control: max-age=<ttl>,stale-while-revalidate=<swr>` or
// `no-cache`, and `accelerate-cache-tags: a,b` from `cacheStrategy.tags`), and the body of
// `POST /invalidate` (`{"tags": [...]}` or `{"tags": "all"}`, what `$accelerate.invalidate` and
// `invalidateAll` send).
//
// Tag rules are Prisma's (https://www.prisma.io/docs/accelerate/api-reference, `cacheStrategy`):
// only alphanumeric characters and underscores, at most 64 characters; at most 5 tags per query
// and per invalidation. A violation is P6005 and nothing is run or dropped.
import type { IncomingHttpHeaders } from "node:http";
import { invalidParameters } from "../errors";

export const CACHE_REQUEST_HEADERS = { control: "cache-control", tags: "accelerate-cache-tags" } as const;
export const CACHE_RESPONSE_HEADERS = { status: "accelerate-cache-status", lastModified: "last-modified" } as const;

export type CacheStatus = "ttl" | "swr" | "miss" | "none";

/** Seconds, as the client sent them; 0 for a part it did not send. */
export type CacheStrategy = { ttlSeconds: number; swrSeconds: number; tags: string[] };

export const TAG_PATTERN = /^[A-Za-z0-9_]{1,64}$/;
export const MAX_TAGS = 5;
/** A year: longer would only pin memory; Accelerate documents no maximum. */
export const MAX_CACHE_SECONDS = 365 * 24 * 3600;

/** The read operations `cacheStrategy` applies to (Accelerate's list); anything else is never cached. */
export const CACHEABLE_OPERATIONS: ReadonlySet<string> = new Set([
  "findUnique",
  "findUniqueOrThrow",
  "findFirst",
  "findFirstOrThrow",
  "findMany",
  "count",
  "aggregate",
  "groupBy",
]);

function checkTags(tags: string[], where: string): string[] {
  if (tags.length > MAX_TAGS) {
    throw invalidParameters(`At most ${MAX_TAGS} cache tags are allowed ${where} (got ${tags.length}).`, { maxTags: MAX_TAGS });
  }
  for (const tag of tags) {
    if (!TAG_PATTERN.test(tag)) {
      // The tag itself is the caller's own input, but it may be long: show its start only.
      throw invalidParameters(
        `Cache tag "${tag.slice(0, 70)}" is not valid ${where}: use 1–64 characters of A–Z, a–z, 0–9 and _.`,
        { tagPattern: TAG_PATTERN.source },
      );
    }
  }
  return [...new Set(tags)];
}

function seconds(directive: string, value: string): number {
  if (!/^\d{1,12}$/.test(value)) throw invalidParameters(`cache-control ${directive} must be a whole number of seconds.`);
  return Math.min(Number(value), MAX_CACHE_SECONDS);
}

/**
 * The strategy of a request, or null when it asks for none (`no-cache`, no header, or 0 s): the
 * query then runs on the database and is answered `none`.
 */
export function cacheStrategyOf(headers: IncomingHttpHeaders): CacheStrategy | null {
  const control = headers[CACHE_REQUEST_HEADERS.control];
  const rawTags = headers[CACHE_REQUEST_HEADERS.tags];
  const tags = typeof rawTags === "string" && rawTags !== "" ? checkTags(rawTags.split(","), "on a query") : [];
  if (typeof control !== "string") return null;
  let ttlSeconds = 0;
  let swrSeconds = 0;
  for (const part of control.split(",")) {
    const [name = "", value = ""] = part.trim().toLowerCase().split("=", 2);
    if (name === "max-age") ttlSeconds = seconds(name, value);
    else if (name === "stale-while-revalidate") swrSeconds = seconds(name, value);
  }
  return ttlSeconds > 0 || swrSeconds > 0 ? { ttlSeconds, swrSeconds, tags } : null;
}

/** `POST /invalidate`'s body: the tags to drop, or "all". */
export function parseInvalidateBody(text: string): string[] | "all" {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalidParameters('The request body must be JSON: {"tags": ["…"]} or {"tags": "all"}.');
  }
  const tags = (body as { tags?: unknown } | null)?.tags;
  if (tags === "all") return "all";
  if (!Array.isArray(tags) || tags.length === 0 || !tags.every((tag) => typeof tag === "string")) {
    throw invalidParameters('`tags` must be a non-empty array of tag names, or "all".');
  }
  return checkTags(tags, "to invalidate");
}
