// Key events: what a verifier's cache must learn the moment it happens. A delete (of a key, or of
// the resource or project that holds keys) revokes; a create ends any "unknown key" answer cached
// for that digest. Framework-free: the Console's data layer (Next.js), the gateway (plain node:http)
// and the tests all import this one module.
//
// Delivery, in order:
//  1. The writer sends `pg_notify(KEY_EVENTS_CHANNEL, …)` in the same transaction as the change, so
//     PostgreSQL delivers it to every listening process exactly when the change commits.
//  2. After the commit, the writer calls `settleKeyEvent`: every verifier in its own process applies
//     the event before the action returns, and the process waits until every other instance that
//     may be serving from a cache (an unexpired lease in "GatewayInstance") has acknowledged it on
//     KEY_ACKS_CHANNEL, or until its lease is over: at most about one lease (./acknowledgements.ts).
import { randomUUID } from "node:crypto";

export const KEY_EVENTS_CHANNEL = "platform_key_events";
export const KEY_ACKS_CHANNEL = "platform_key_acks";
/** `<instance id> <sequence>`: each listening instance's heartbeats (./lease.ts). */
export const HEARTBEAT_CHANNEL = "platform_key_heartbeat";
/** A listening verifier's session is named `<prefix><instance id>`, so an operator can find it. */
export const LISTENER_APPLICATION_PREFIX = "platform-keys:";

export type KeyEventScope =
  | { keyId: string }
  | { resourceId: string }
  | { projectId: string }
  | { digest: string };

/**
 * `$accelerate.invalidate` / `invalidateAll` on one gateway process: every process drops those
 * entries of the resource's query cache (lib/gateway/query/cache) and acknowledges, like a revocation.
 * Verifiers ignore it (it revokes nothing).
 */
export type CacheInvalidatedEvent = { id: string; type: "cache-invalidated"; resourceId: string; tags: string[] | "all" };

export type KeyEvent =
  | ({ id: string; type: "revoked" | "created" } & KeyEventScope)
  // A key's expiry moved (a roll gave the old key its grace deadline): caches carry the new instant,
  // and open transactions of the key end at it. Epoch milliseconds; null: never.
  | { id: string; type: "expiry"; keyId: string; expiresAt: number | null }
  | CacheInvalidatedEvent;

export const keyRevoked = (scope: Exclude<KeyEventScope, { digest: string }>): KeyEvent => ({
  id: randomUUID(),
  type: "revoked",
  ...scope,
});
export const keyCreated = (digest: string): KeyEvent => ({ id: randomUUID(), type: "created", digest });
export const keyExpiryChanged = (keyId: string, expiresAt: Date | null): KeyEvent => ({
  id: randomUUID(),
  type: "expiry",
  keyId,
  expiresAt: expiresAt?.getTime() ?? null,
});

export const cacheInvalidated = (resourceId: string, tags: string[] | "all"): CacheInvalidatedEvent => ({
  id: randomUUID(),
  type: "cache-invalidated",
  resourceId,
  tags,
});

export const encodeKeyEvent = (event: KeyEvent): string => JSON.stringify(event);

/** Parses a notification payload; anything unexpected is null (and is treated as "clear everything"). */
export function decodeKeyEvent(payload: string | undefined): KeyEvent | null {
  try {
    const value = JSON.parse(payload ?? "") as Record<string, unknown>;
    if (value.type === "expiry" && typeof value.id === "string" && typeof value.keyId === "string") {
      const { expiresAt } = value;
      if (expiresAt !== null && !Number.isSafeInteger(expiresAt)) return null;
      return { id: value.id, type: "expiry", keyId: value.keyId, expiresAt: expiresAt as number | null };
    }
    if (value.type === "cache-invalidated") {
      const { id, resourceId, tags } = value;
      const validTags = tags === "all" || (Array.isArray(tags) && tags.every((tag) => typeof tag === "string"));
      if (typeof id !== "string" || typeof resourceId !== "string" || !validTags) return null;
      return { id, type: "cache-invalidated", resourceId, tags: tags as string[] | "all" };
    }
    if (typeof value.id !== "string" || (value.type !== "revoked" && value.type !== "created")) return null;
    for (const field of ["keyId", "resourceId", "projectId", "digest"] as const) {
      if (typeof value[field] === "string") return { id: value.id, type: value.type, [field]: value[field] } as KeyEvent;
    }
    return null;
  } catch {
    return null;
  }
}

/** What a process-local verifier does with an event (see ./verifier.ts). */
export interface KeyEventSink {
  applyKeyEvent(event: KeyEvent | null): void;
}

/** Waits until the other verifier processes confirmed an event; installed by the listener. */
export type AckWaiter = (eventId: string) => Promise<void>;

type Registry = { sinks: Set<KeyEventSink>; waitForAcks: AckWaiter | null };
const REGISTRY = Symbol.for("platform-console.key-events");

// On globalThis: Next.js bundles its own copy of this module, and the custom server another; both
// must reach the same verifiers.
function registry(): Registry {
  const store = globalThis as typeof globalThis & { [REGISTRY]?: Registry };
  store[REGISTRY] ??= { sinks: new Set(), waitForAcks: null };
  return store[REGISTRY];
}

export function registerKeyEventSink(sink: KeyEventSink): () => void {
  registry().sinks.add(sink);
  return () => registry().sinks.delete(sink);
}

export function installAckWaiter(waiter: AckWaiter | null): void {
  registry().waitForAcks = waiter;
}

/** Called by a writer after its transaction committed; see the comment at the top. */
export async function settleKeyEvent(event: KeyEvent): Promise<void> {
  const { sinks, waitForAcks } = registry();
  for (const sink of sinks) sink.applyKeyEvent(event);
  await waitForAcks?.(event.id);
}
