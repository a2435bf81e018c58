// lib/gateway/query/cache — Accelerate's `cacheStrategy` and `$accelerate.invalidate`, served by the
// gateway (issue 10, phase A). The engine (../engine.ts) hands it every POST /query outside a
// transaction and every POST /invalidate; nothing else reaches it.
//
//   POST /query        cache-control: max-age=<ttl>,stale-while-revalidate=<swr> | no-cache
//                      accelerate-cache-tags: a,b
//                      → the answer with accelerate-cache-status: ttl | swr | miss | none and
//                        last-modified (when the answer was read from the database), which
//                        `withAccelerateInfo()` reports as `info.cacheStatus` / `info.lastModified`.
//   POST /invalidate   {"tags": ["a"]} | {"tags": "all"} with the key as Bearer → 200 once every
//                      gateway process dropped the key's resource's matching entries.
//
// Cross-process: the invalidation is a key event ("cache-invalidated", ../../key-events.ts) sent
// with pg_notify on the key-events channel; each process's listener applies it and acknowledges,
// and the process that received /invalidate answers only when every instance holding a lease has
// acknowledged or can no longer serve from its cache (`broadcast`, wired in ../../gateway.ts).
// A process that cannot hear events serves nothing from its cache (./query-cache.ts).
import type { IncomingMessage, ServerResponse } from "node:http";
import { cacheInvalidated, type CacheInvalidatedEvent } from "@/lib/gateway/key-events";
import type { QueryBody } from "../accelerate-protocol";
import { sendJson } from "../http-io";
import { QueryCache, cacheLimitsFromEnv, type CacheLimits } from "./query-cache";
import { CACHEABLE_OPERATIONS, CACHE_RESPONSE_HEADERS, cacheStrategyOf, parseInvalidateBody, type CacheStatus } from "./strategy";

export { QueryCache, cacheKey, cacheLimitsFromEnv, type CacheLimits } from "./query-cache";
export { CACHE_REQUEST_HEADERS, CACHE_RESPONSE_HEADERS, MAX_TAGS, TAG_PATTERN, type CacheStatus } from "./strategy";

export const INVALIDATE_PATH = "/invalidate";

export type QueryCacheOptions = {
  limits?: Partial<CacheLimits>;
  /** The listener's heartbeat lease (PostgreSQL): the cache serves only while it holds. */
  lease?: { readonly valid: boolean };
  /**
   * Tells every other gateway process and resolves once they applied it (PostgreSQL). Without it
   * (PGlite: one process) the local cache is all there is.
   */
  broadcast?: (event: CacheInvalidatedEvent) => Promise<void>;
};

type Owner = { resourceId: string; projectId?: string };

const statusHeaders = (status: CacheStatus, readAt: number) => ({
  [CACHE_RESPONSE_HEADERS.status]: status,
  [CACHE_RESPONSE_HEADERS.lastModified]: new Date(readAt).toUTCString(),
});

/** The headers of an answer that did not involve the cache (a transaction's queries). */
export const uncachedHeaders = (): Record<string, string> => statusHeaders("none", Date.now());

export class QueryCacheFrontend {
  readonly cache: QueryCache;

  constructor(private readonly options: QueryCacheOptions = {}) {
    const limits = { ...cacheLimitsFromEnv(), ...options.limits };
    this.cache = new QueryCache({ ...limits, maxEntryBytes: Math.min(limits.maxEntryBytes, limits.maxBytes), lease: options.lease });
  }

  /** POST /query outside a transaction. `read` runs the plan and returns the `{data}` text. Returns the status answered. */
  async answerQuery(req: IncomingMessage, res: ServerResponse, owner: Owner, body: QueryBody, read: () => Promise<string>): Promise<CacheStatus> {
    const strategy = cacheStrategyOf(req.headers); // bad tags: P6005 before anything runs
    if (strategy === null || !CACHEABLE_OPERATIONS.has(body.operation)) {
      const text = await read();
      sendJson(res, 200, text, statusHeaders("none", Date.now()));
      return "none";
    }
    const answer = await this.cache.serve(owner, body, strategy, read);
    sendJson(res, 200, answer.text, statusHeaders(answer.status, answer.readAt));
    return answer.status;
  }

  /** POST /invalidate: this resource's entries with any of the tags (or all), on every process. */
  async answerInvalidate(res: ServerResponse, owner: Owner, text: string): Promise<void> {
    const tags = parseInvalidateBody(text);
    const event = cacheInvalidated(owner.resourceId, tags);
    this.cache.invalidate(event);
    await this.options.broadcast?.(event);
    sendJson(res, 200, JSON.stringify({ invalidated: tags }));
  }

  /** An invalidation heard from another process (or our own, echoed: applying it twice is harmless). */
  applyInvalidation(event: CacheInvalidatedEvent): void {
    this.cache.invalidate(event);
  }
}
