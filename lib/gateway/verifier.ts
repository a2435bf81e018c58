// The key verifier: format and checksum first (no database, no cache for a typo or a random
// string), then a bounded LRU cache of verified keys, then the database. Framework-free.
//
// The cache is only as good as its revocation, so:
// - `applyKeyEvent` evicts what a delete revokes (a key, or every key of a resource or project) and
//   forgets an "unknown key" answer when that digest is created;
// - `setCaching(false)` empties both caches and reads the database on every request, for as long
//   as the process cannot hear other processes' events (see ./listener.ts);
// - a database read that was in flight while an event arrived is answered but not cached (the
//   generation counter), so a read that started before a delete cannot refill the cache after it.
import { LRUCache } from "lru-cache";
import { checkApiKeyFormat, digestApiKey } from "@/lib/keys/api-key";
import type { KeyEvent, KeyEventSink } from "./key-events";
import { LastUseRecorder } from "./last-use";
import { findKeyByDigest, type KeyRecord, type Queryable } from "./store";

export type VerifyFailureCode = "MALFORMED" | "NOT_FOUND" | "WRONG_RESOURCE";

export type VerifyResult =
  | {
      valid: true;
      keyId: string;
      resourceId: string;
      resourceKind: KeyRecord["resourceKind"];
      projectId: string;
      workspaceId: string;
    }
  | { valid: false; code: VerifyFailureCode; message: string };

/** Thrown when the caller's `takeAttempt` refused (its rate limit): callers answer 429. */
export class AttemptRefusedError extends Error {
  constructor() {
    super("The caller's limit refused this attempt.");
    this.name = "AttemptRefusedError";
  }
}

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
  readonly lastUse: LastUseRecorder;

  constructor(
    private readonly database: Queryable,
    options: KeyVerifierOptions = {},
  ) {
    this.verified = new LRUCache({ max: options.cacheSize ?? 10_000, ttl: options.positiveTtlMs ?? 60_000 });
    this.unknown = new LRUCache({ max: options.negativeCacheSize ?? 10_000, ttl: options.negativeTtlMs ?? 30_000 });
    this.caching = options.caching ?? true;
    this.yieldBeforeCacheHit = options.yieldBeforeCacheHit ?? false;
    this.lastUse = options.lastUse ?? new LastUseRecorder(database);
  }

  /**
   * Verifies a candidate key, optionally for one resource. Throws VerificationUnavailableError.
   *
   * `takeAttempt` (a rate limit's token; idempotent once it said yes) is asked at the two moments
   * that cost or fail: before this request starts a database lookup, and synchronously when the
   * answer is a failure. A valid key from the cache never asks. If it says no: AttemptRefusedError.
   */
  async verify(candidate: unknown, expectedResourceId?: string, takeAttempt?: () => boolean): Promise<VerifyResult> {
    const fail = (result: VerifyResult) => {
      if (takeAttempt && !takeAttempt()) throw new AttemptRefusedError();
      return result;
    };
    if (typeof candidate !== "string" || !checkApiKeyFormat(candidate).ok) return fail(MALFORMED);
    const digest = digestApiKey(candidate);
    if (this.yieldBeforeCacheHit && (this.verified.has(digest) || this.unknown.has(digest))) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    const record = this.verified.get(digest) ?? (this.unknown.has(digest) ? null : await this.lookUp(digest, takeAttempt));
    if (!record) return fail(NOT_FOUND);
    if (expectedResourceId !== undefined && expectedResourceId !== record.resourceId) return fail(WRONG_RESOURCE);
    this.lastUse.record(record);
    return {
      valid: true,
      keyId: record.keyId,
      resourceId: record.resourceId,
      resourceKind: record.resourceKind,
      projectId: record.projectId,
      workspaceId: record.workspaceId,
    };
  }

  private lookUp(digest: string, takeAttempt?: () => boolean): Promise<KeyRecord | null> {
    // Joining is only safe within one generation: a request that starts after an event (say, the
    // key's deletion) must not get the answer of a read that started before it.
    const inFlight = this.lookups.get(digest);
    if (inFlight && inFlight.generation === this.generation) return inFlight.promise;
    if (takeAttempt && !takeAttempt()) return Promise.reject(new AttemptRefusedError());
    const entry = { generation: this.generation, promise: this.load(digest) };
    this.lookups.set(digest, entry);
    const forget = () => {
      if (this.lookups.get(digest) === entry) this.lookups.delete(digest);
    };
    entry.promise.then(forget, forget);
    return entry.promise;
  }

  private async load(digest: string): Promise<KeyRecord | null> {
    const generation = this.generation;
    let record: KeyRecord | null;
    try {
      record = await findKeyByDigest(this.database, digest);
    } catch (error) {
      throw new VerificationUnavailableError(error);
    }
    if (this.caching && generation === this.generation) {
      if (record) this.verified.set(digest, record);
      else this.unknown.set(digest, true);
    }
    return record;
  }

  /** Applies a key event; null (an event this process could not read) empties both caches. */
  applyKeyEvent(event: KeyEvent | null): void {
    this.generation++;
    if (event === null) return this.clear();
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
    return this.caching;
  }

  get cachedKeys(): number {
    return this.verified.size;
  }

  private clear(): void {
    this.verified.clear();
    this.unknown.clear();
  }
}
