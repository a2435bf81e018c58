// The query cache of one gateway process: answers of cacheable reads (./strategy.ts), per resource,
// keyed by the plan and its parameters (plus the requested tags: an entry tagged "a" must not answer
// a read tagged "b", or invalidating "b" would leave it served), never by anything that differs
// per request (trace ids travel in `comments`, which are not part of the key).
//
// - Bounded by bytes (LRU over the answer's bytes plus the key); an answer larger than the entry cap
//   is sent but not kept.
// - ttl: fresh for max-age seconds after it was read ("ttl"). swr: for the next
//   stale-while-revalidate seconds the old answer is sent ("swr") and one background read refreshes
//   it. Anything older is a miss. Freshness is judged by the request's own strategy, as HTTP caches do.
// - Concurrent misses of one entry share one database read (`inflight`).
// - Invalidation (local or heard from another process) drops the matching entries and detaches the
//   matching reads in flight: their answers go to the requests already waiting but are not stored,
//   and no later request joins them, so nothing read before an invalidation is served after it.
// - Only while events can be heard (`setEnabled`, and the heartbeat lease checked on every use, as
//   the key verifier does): otherwise every read goes to the database ("none"); turning caching on
//   or off empties the cache, since invalidations may have been missed meanwhile.
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { CacheInvalidatedEvent } from "@/lib/gateway/key-events";
import type { QueryBody } from "../accelerate-protocol";
import type { CacheStatus, CacheStrategy } from "./strategy";

export type CacheLimits = { maxBytes: number; maxEntryBytes: number };

const MB = 1024 * 1024;
/** Bookkeeping per entry (key, timestamps, tags, the LRU's node), counted against the byte bound. */
const ENTRY_OVERHEAD_BYTES = 256;

/** GATEWAY_QUERY_CACHE_MB (default 64; 0 turns the cache off), GATEWAY_QUERY_CACHE_ENTRY_MB (default 1). */
export function cacheLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): CacheLimits {
  const read = (name: string, fallback: number) => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number of megabytes (0 or more).`);
    return value;
  };
  const maxBytes = Math.floor(read("GATEWAY_QUERY_CACHE_MB", 64) * MB);
  return { maxBytes, maxEntryBytes: Math.min(maxBytes, Math.floor(read("GATEWAY_QUERY_CACHE_ENTRY_MB", 1) * MB)) };
}

export type CacheOwner = { resourceId: string; projectId?: string };

type Entry = { text: string; bytes: number; readAt: number; owner: CacheOwner; tags: string[]; refreshing: boolean };
type Inflight = { promise: Promise<string>; owner: CacheOwner; tags: string[]; detached: boolean };

export type CachedAnswer = { text: string; status: CacheStatus; readAt: number };

export type QueryCacheOptions = CacheLimits & {
  /** The listener's heartbeat lease (PostgreSQL); none: this process alone writes (PGlite). */
  lease?: { readonly valid: boolean };
  now?: () => number;
};

export class QueryCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly inflight = new Map<string, Inflight>();
  /** resourceId → its keys, so a resource's entries can be found without scanning them all. */
  private readonly byResource = new Map<string, Set<string>>();
  private enabled: boolean;
  private readonly now: () => number;
  /** `reads`: database reads the cache started (concurrent misses of one entry make one). */
  readonly counts = { hits: 0, stale: 0, misses: 0, refreshes: 0, evictions: 0, reads: 0 };

  constructor(private readonly options: QueryCacheOptions) {
    this.now = options.now ?? Date.now;
    this.enabled = options.maxBytes > 0 && !options.lease;
    this.entries = new LRUCache<string, Entry>({
      maxSize: Math.max(1, options.maxBytes),
      maxEntrySize: Math.max(1, options.maxEntryBytes + ENTRY_OVERHEAD_BYTES),
      sizeCalculation: (entry, key) => entry.bytes + key.length + ENTRY_OVERHEAD_BYTES,
      dispose: (entry, key, reason) => {
        if (reason === "set") return; // replaced under the same key: still indexed
        if (reason === "evict") this.counts.evictions++;
        const keys = this.byResource.get(entry.owner.resourceId);
        keys?.delete(key);
        if (keys?.size === 0) this.byResource.delete(entry.owner.resourceId);
      },
    });
  }

  /** Whether reads may be served from (and stored in) the cache right now. */
  get active(): boolean {
    if (!this.enabled) return false;
    if (this.options.lease && !this.options.lease.valid) {
      // The lease ran out before the listener said so: from now on, the database.
      this.setEnabled(false);
      return false;
    }
    return true;
  }

  /** The listener: events are heard (true) or may be missed (false). Either way the cache starts empty. */
  setEnabled(enabled: boolean): void {
    this.enabled = enabled && this.options.maxBytes > 0;
    this.clear();
  }

  stats(): { enabled: boolean; entries: number; bytes: number; maxBytes: number } & QueryCache["counts"] {
    return { enabled: this.enabled, entries: this.entries.size, bytes: this.entries.calculatedSize, maxBytes: this.options.maxBytes, ...this.counts };
  }

  /**
   * The answer for a cacheable read: from the cache when fresh (or stale within swr, refreshing it
   * once in the background), else from `read` (shared with any concurrent miss of the same entry).
   */
  async serve(owner: CacheOwner, body: QueryBody, strategy: CacheStrategy, read: () => Promise<string>): Promise<CachedAnswer> {
    if (!this.active) {
      const text = await read();
      return { text, status: "none", readAt: this.now() };
    }
    const key = cacheKey(owner.resourceId, body, strategy.tags);
    const entry = this.entries.get(key);
    if (entry) {
      const age = this.now() - entry.readAt;
      if (age < strategy.ttlSeconds * 1000) {
        this.counts.hits++;
        return { text: entry.text, status: "ttl", readAt: entry.readAt };
      }
      if (age < (strategy.ttlSeconds + strategy.swrSeconds) * 1000) {
        this.counts.stale++;
        if (!entry.refreshing) {
          entry.refreshing = true;
          this.counts.refreshes++;
          this.fill(key, owner, strategy, read).catch(() => (entry.refreshing = false));
        }
        return { text: entry.text, status: "swr", readAt: entry.readAt };
      }
    }
    this.counts.misses++;
    const text = await this.fill(key, owner, strategy, read);
    return { text, status: "miss", readAt: this.now() };
  }

  /** One database read for `key`, joined by concurrent misses, stored unless invalidated meanwhile. */
  private fill(key: string, owner: CacheOwner, strategy: CacheStrategy, read: () => Promise<string>): Promise<string> {
    const running = this.inflight.get(key);
    if (running) return running.promise;
    const readAt = this.now();
    this.counts.reads++;
    const flight: Inflight = { owner, tags: strategy.tags, detached: false, promise: Promise.resolve("") };
    flight.promise = read().then(
      (text) => {
        if (this.inflight.get(key) === flight) this.inflight.delete(key);
        if (!flight.detached && this.active) {
          const bytes = Buffer.byteLength(text);
          if (bytes <= this.options.maxEntryBytes) {
            let keys = this.byResource.get(owner.resourceId);
            if (!keys) this.byResource.set(owner.resourceId, (keys = new Set()));
            keys.add(key);
            const lifetimeMs = (strategy.ttlSeconds + strategy.swrSeconds) * 1000;
            this.entries.set(key, { text, bytes, readAt, owner, tags: strategy.tags, refreshing: false }, { ttl: lifetimeMs });
            if (!this.entries.has(key)) keys.delete(key); // refused by the LRU (too large)
          }
        }
        return text;
      },
      (error: unknown) => {
        if (this.inflight.get(key) === flight) this.inflight.delete(key);
        throw error;
      },
    );
    this.inflight.set(key, flight);
    return flight.promise;
  }

  /** `$accelerate.invalidate` / `invalidateAll` of one resource, from this process or another. */
  invalidate(event: Pick<CacheInvalidatedEvent, "resourceId" | "tags">): number {
    const matches = (tags: string[]) => event.tags === "all" || tags.some((tag) => event.tags.includes(tag));
    return this.drop((owner, tags) => owner.resourceId === event.resourceId && matches(tags), event.resourceId);
  }

  /** The resource was deleted or its connection changed: its answers may be another database's. */
  dropResource(resourceId: string): number {
    return this.drop((owner) => owner.resourceId === resourceId, resourceId);
  }

  dropProject(projectId: string): number {
    return this.drop((owner) => owner.projectId === projectId);
  }

  clear(): void {
    for (const flight of this.inflight.values()) flight.detached = true;
    this.inflight.clear();
    this.entries.clear();
    this.byResource.clear();
  }

  private drop(predicate: (owner: CacheOwner, tags: string[]) => boolean, resourceId?: string): number {
    for (const [key, flight] of this.inflight) {
      if (predicate(flight.owner, flight.tags)) {
        flight.detached = true;
        this.inflight.delete(key);
      }
    }
    const keys = resourceId !== undefined ? [...(this.byResource.get(resourceId) ?? [])] : [...this.entries.keys()];
    let dropped = 0;
    for (const key of keys) {
      const entry = this.entries.peek(key);
      if (entry && predicate(entry.owner, entry.tags)) {
        this.entries.delete(key);
        dropped++;
      }
    }
    return dropped;
  }
}

/** The resource, the model, the operation, the plan, its parameters and the tags: nothing per request. */
export function cacheKey(resourceId: string, body: QueryBody, tags: string[]): string {
  const digest = createHash("sha256")
    .update(body.model ?? "")
    .update("\u0000")
    .update(body.operation)
    .update("\u0000")
    .update(JSON.stringify(body.plan))
    .update("\u0000")
    .update(JSON.stringify(body.params))
    .update("\u0000")
    .update([...tags].sort().join(","))
    .digest("base64url");
  return `${resourceId}:${digest}`;
}
