// The key verifier: format and checksum first (no database, no cache for a typo or a random
// string), then a bounded LRU cache of verified keys, then the database. Framework-free.
//
// The cache is only as good as its revocation, so:
// - `applyKeyEvent` evicts what a delete revokes (a key, or every key of a resource or project) and
//   forgets an "unknown key" answer when that digest is created;
// - `setCaching(false)` empties both caches and reads the database on every request, for as long
//   as the process cannot hear other processes' events (see ./listener.ts);
// - with a heartbeat lease (./lease.ts), every cache use first checks synchronously that the lease
//   holds; the first use after it ran out empties the caches and turns caching off;
// - a database read that was in flight while an event arrived is answered but not cached (the
//   generation counter), so a read that started before a delete cannot refill the cache after it;
//   and while caching is off (events may be missed), no request joins a read that started before it.
import { LRUCache } from "lru-cache";
import { checkApiKeyFormat, digestApiKey } from "@/lib/keys/api-key";
import type { KeyEvent, KeyEventSink } from "./key-events";
import { LastUseRecorder } from "./last-use";
import type { HeartbeatLease } from "./lease";
import { findKeyByDigest, type KeyRecord, type Queryable } from "./store";

export type VerifyFailureCode = "MALFORMED" | "NOT_FOUND" | "WRONG_RESOURCE" | "EXPIRED";

export type VerifyResult =
  | {
      valid: true;
      keyId: string;
      resourceId: string;
      resourceKind: KeyRecord["resourceKind"];
      projectId: string;
      workspaceId: string;
      permission: KeyRecord["permission"];
      /** ISO 8601, or null: the key never expires. */
      expiresAt: string | null;
    }
  | { valid: false; code: VerifyFailureCode; message: string };

/**
 * Called synchronously when a request is about to start a database lookup (not when it is answered
 * from a cache or joins a lookup in flight). It may return a promise of a release function: the
 * lookup then waits for that promise and calls the function once the query is done (a queue).
 */
export type BeforeLookup = () => void | Promise<() => void>;

/** Thrown when the database cannot answer: callers answer 503, never "valid" (fail closed). */
export class VerificationUnavailableError extends Error {
  constructor(cause: unknown) {
    super("Key verification is temporarily unavailable.", { cause });
    this.name = "VerificationUnavailableError";
  }
}

const failure = (code: VerifyFailureCode, reason: string): VerifyResult => ({
  valid: false,
  code,
  message: `The provided API Key is invalid. Reason: ${reason}`,
});
const MALFORMED = failure("MALFORMED", "malformed key.");
const NOT_FOUND = failure("NOT_FOUND", "unknown or deleted key.");
const WRONG_RESOURCE = failure("WRONG_RESOURCE", "the key belongs to another resource.");
export const expiredFailure = (expiresAt: number): VerifyResult =>
  failure("EXPIRED", `the key expired on ${new Date(expiresAt).toISOString()}.`);

/** Whether a key has expired at `now`. The one rule, for cached and fresh records alike. */
export const hasExpired = (record: Pick<KeyRecord, "expiresAt">, now = Date.now()): boolean =>
  record.expiresAt !== null && now >= record.expiresAt;

export type KeyVerifierOptions = {
  /** Verified keys kept in memory (LRU). */
  cacheSize?: number;
  /** A cached key is read again after this long, whatever events said (a backstop only). */
  positiveTtlMs?: number;
  /** Unknown digests remembered (LRU), so a repeated unknown key costs no query. */
  negativeCacheSize?: number;
  negativeTtlMs?: number;
  /** Whether to cache from the start; a PostgreSQL verifier starts without until it is listening. */
  caching?: boolean;
  /**
   * Let pending I/O run before answering from the cache. With PostgreSQL, an event (or the news
   * that the listening connection dropped) may be waiting in the same event-loop turn as the
   * request; it is applied first, so a cache hit never outruns what the socket already says.
   */
  yieldBeforeCacheHit?: boolean;
  /** Without a lease that holds, the cache is not used (PostgreSQL; PGlite has none). */
  lease?: Pick<HeartbeatLease, "valid">;
  lastUse?: LastUseRecorder;
};

export class KeyVerifier implements KeyEventSink {
  private readonly verified: LRUCache<string, KeyRecord>;
  private readonly unknown: LRUCache<string, true>;
  private generation = 0;
  /** Lookups in flight, shared by concurrent requests for the same digest in the same generation. */
  private readonly lookups = new Map<string, { generation: number; promise: Promise<KeyRecord | null> }>();
  private caching: boolean;
  private readonly yieldBeforeCacheHit: boolean;
  private readonly lease: Pick<HeartbeatLease, "valid"> | undefined;
  readonly lastUse: LastUseRecorder;

  constructor(
    private readonly database: Queryable,
    options: KeyVerifierOptions = {},
  ) {
    this.verified = new LRUCache({ max: options.cacheSize ?? 10_000, ttl: options.positiveTtlMs ?? 60_000 });
    this.unknown = new LRUCache({ max: options.negativeCacheSize ?? 10_000, ttl: options.negativeTtlMs ?? 30_000 });
    this.caching = options.caching ?? true;
    this.yieldBeforeCacheHit = options.yieldBeforeCacheHit ?? false;
    this.lease = options.lease;
    this.lastUse = options.lastUse ?? new LastUseRecorder(database);
  }

  /**
   * Verifies a candidate key, optionally for one resource. Throws VerificationUnavailableError.
   * `beforeLookup` is the caller's say in database lookups (a rate limit's token, a queue).
   */
  async verify(candidate: unknown, expectedResourceId?: string, beforeLookup?: BeforeLookup): Promise<VerifyResult> {
    if (typeof candidate !== "string" || !checkApiKeyFormat(candidate).ok) return MALFORMED;
    const digest = digestApiKey(candidate);
    if (this.yieldBeforeCacheHit && this.cacheOpen() && (this.verified.has(digest) || this.unknown.has(digest))) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    const open = this.cacheOpen();
    const cached = open ? this.verified.get(digest) : undefined;
    const record = cached ?? (open && this.unknown.has(digest) ? null : await this.lookUp(digest, beforeLookup));
    if (!record) return NOT_FOUND;
    // Checked on every use, cached or not: an expiry needs no event, so it holds on every process at
    // the instant itself (each process's own clock; keep them synchronised).
    if (hasExpired(record)) return expiredFailure(record.expiresAt!);
    if (expectedResourceId !== undefined && expectedResourceId !== record.resourceId) return WRONG_RESOURCE;
    this.lastUse.record(record);
    return {
      valid: true,
      keyId: record.keyId,
      resourceId: record.resourceId,
      resourceKind: record.resourceKind,
      projectId: record.projectId,
      workspaceId: record.workspaceId,
      permission: record.permission,
      expiresAt: record.expiresAt === null ? null : new Date(record.expiresAt).toISOString(),
    };
  }

  /** Whether the cache may be used now; the first call after the lease ran out turns caching off. */
  private cacheOpen(): boolean {
    if (!this.caching) return false;
    if (this.lease && !this.lease.valid) {
      this.setCaching(false);
      return false;
    }
    return true;
  }

  private lookUp(digest: string, beforeLookup?: BeforeLookup): Promise<KeyRecord | null> {
    // Joining is only safe within one generation, and only while events are being heard: a request
    // that starts after an event (say, the key's deletion) must not get the answer of a read that
    // started before it.
    const inFlight = this.lookups.get(digest);
    if (inFlight && inFlight.generation === this.generation && this.cacheOpen()) return inFlight.promise;
    const gate = beforeLookup?.();
    const entry = { generation: this.generation, promise: this.load(digest, gate) };
    this.lookups.set(digest, entry);
    const forget = () => {
      if (this.lookups.get(digest) === entry) this.lookups.delete(digest);
    };
    entry.promise.then(forget, forget);
    return entry.promise;
  }

  private async load(digest: string, gate: void | Promise<() => void>): Promise<KeyRecord | null> {
    const generation = this.generation;
    const release = gate ? await gate : undefined;
    let record: KeyRecord | null;
    try {
      record = await findKeyByDigest(this.database, digest);
    } catch (error) {
      throw new VerificationUnavailableError(error);
    } finally {
      release?.();
    }
    if (generation === this.generation && this.cacheOpen()) {
      if (record) this.verified.set(digest, record);
      else this.unknown.set(digest, true);
    }
    return record;
  }

  /** Applies a key event; null (an event this process could not read) empties both caches. */
  applyKeyEvent(event: KeyEvent | null): void {
    if (event?.type === "cache-invalidated") return; // the query cache's (./query/cache), not a revocation
    this.generation++;
    if (event === null) return this.clear();
    if (event.type === "expiry") {
      // A cached record takes the new expiry in place (a read in flight is not cached: generation).
      for (const record of this.verified.values()) if (record.keyId === event.keyId) record.expiresAt = event.expiresAt;
      return;
    }
    if ("digest" in event) {
      this.unknown.delete(event.digest);
      return;
    }
    for (const [digest, record] of this.verified.entries()) {
      const revoked =
        ("keyId" in event && record.keyId === event.keyId) ||
        ("resourceId" in event && record.resourceId === event.resourceId) ||
        ("projectId" in event && record.projectId === event.projectId);
      if (revoked) this.verified.delete(digest);
    }
  }

  /** Turns caching on (events are being heard) or off (they may be missed): both empty the caches. */
  setCaching(enabled: boolean): void {
    this.generation++;
    this.caching = enabled;
    this.clear();
  }

  get cachingEnabled(): boolean {
    return this.cacheOpen();
  }

  get cachedKeys(): number {
    return this.verified.size;
  }

  private clear(): void {
    this.verified.clear();
    this.unknown.clear();
  }
}
