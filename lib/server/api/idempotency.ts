import "server-only";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { Prisma, type IdempotentRequest } from "@/lib/generated/prisma/client";
import type { Actor } from "../authz";
import { db } from "../db";
import { ApiError } from "./errors";

// `Idempotency-Key` on REST creates (Stripe's convention): a client that did not get an answer —
// a timeout, a dropped connection — sends the same request with the same key again and gets the
// first answer, not a second object. Keys are per caller (a user, or a service token); the first
// request's body is remembered as a digest, and another body with the same key is a 422. The
// answer is kept for 24 hours WITHOUT its secret (a key's or token's value is shown once): a
// replay says it is one (`Idempotent-Replayed: true`, `"replayed": true`) and carries the object
// with the secret field removed. Two requests with one key at once: the second is told (409) that
// the first is still running. A request that failed leaves nothing behind and may be retried.

export const IDEMPOTENCY_HEADER = "idempotency-key";
const RETENTION_MS = 24 * 60 * 60 * 1000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
// A body may carry a secret (a connection string's password), so its digest is keyed with the
// Console's AUTH_SECRET, which is not in the database: the stored digest cannot be brute-forced
// offline. (Without AUTH_SECRET — only in tests — a key of this process's own.)
const BODY_KEY = process.env.AUTH_SECRET || randomBytes(32).toString("hex");
const bodyDigest = (text: string) => createHmac("sha256", BODY_KEY).update(text, "utf8").digest("hex");

function callerOf(actor: Actor): string {
  return actor.type === "user" ? `user:${actor.userId}` : `token:${actor.tokenId}`;
}

export type IdempotencyClaim =
  | { kind: "none" }
  | { kind: "replay"; response: Response }
  | { kind: "claimed"; finish: (response: Response) => Promise<Response>; release: () => Promise<void> };

/** The `Idempotency-Key` of a request, checked; null when none was sent. */
export function idempotencyKeyOf(request: Request): string | null {
  const raw = request.headers.get(IDEMPOTENCY_HEADER);
  if (raw === null) return null;
  if (!KEY_PATTERN.test(raw)) {
    throw new ApiError("validation-error", "The Idempotency-Key header must be 1–255 visible ASCII characters.", "Send a random value, e.g. a UUID, per logical request.");
  }
  return raw;
}

/**
 * Claims `key` for this caller, request and body, or finds the earlier answer. `secretField` names
 * the field of the answer's `data` that must never be stored (the value shown once).
 */
export async function claimIdempotencyKey(options: {
  actor: Actor;
  key: string;
  request: Request;
  bodyText: string;
  secretField?: string;
}): Promise<IdempotencyClaim> {
  const { actor, key, request, bodyText, secretField } = options;
  const path = new URL(request.url).pathname;
  const id = sha256(`${callerOf(actor)}\n${key}`);
  const requestDigest = bodyDigest(`${request.method} ${path}\n${bodyText}`);
  const prisma = await db();
  const since = new Date(Date.now() - RETENTION_MS);
  // The key is claimed by insert. Rows past their 24 hours are deleted by the gateway's periodic
  // sweep (lib/gateway/housekeeping.ts); until then, this caller's own old row is treated as absent.
  let earlier = await claim(prisma, id, requestDigest);
  if (earlier && earlier.createdAt < since) {
    await prisma.idempotentRequest.deleteMany({ where: { id, createdAt: { lt: since } } });
    earlier = await claim(prisma, id, requestDigest);
  }
  if (earlier) {
    if (earlier.requestDigest !== requestDigest) {
      throw new ApiError(
        "validation-error",
        "This Idempotency-Key was already used for another request (a different path or body) in the last 24 hours.",
        "Use a new Idempotency-Key for each new request; reuse one only to retry the very same request.",
      );
    }
    if (earlier.status === null) throw new ApiError("conflict", "A request with this Idempotency-Key is in progress. Try again in a moment.");
    const body = { ...(earlier.response as Record<string, unknown>), replayed: true };
    return {
      kind: "replay",
      response: Response.json(body, { status: earlier.status, headers: { "Idempotent-Replayed": "true", "Cache-Control": "no-store" } }),
    };
  }
  return {
    kind: "claimed",
    async finish(response) {
      if (!response.ok) {
        await prisma.idempotentRequest.deleteMany({ where: { id, status: null } });
        return response;
      }
      const body = (await response.clone().json()) as { data?: Record<string, unknown> } & Record<string, unknown>;
      const stored = secretField && body.data ? { ...body, data: withoutField(body.data, secretField) } : body;
      await prisma.idempotentRequest.update({ where: { id }, data: { status: response.status, response: stored as Prisma.InputJsonValue } });
      return response;
    },
    async release() {
      await prisma.idempotentRequest.deleteMany({ where: { id, status: null } });
    },
  };
}

/** Inserts the claim; on a duplicate, the row already there (null: claimed now). */
async function claim(prisma: Awaited<ReturnType<typeof db>>, id: string, requestDigest: string): Promise<IdempotentRequest | null> {
  try {
    await prisma.idempotentRequest.create({ data: { id, requestDigest } });
    return null;
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    const earlier = await prisma.idempotentRequest.findUnique({ where: { id } });
    // Gone between the insert and the read (finished as a failure and released): in progress is the honest answer.
    if (!earlier) throw new ApiError("conflict", "A request with this Idempotency-Key is in progress. Try again in a moment.");
    return earlier;
  }
}

function withoutField(data: Record<string, unknown>, field: string): Record<string, unknown> {
  const { [field]: _secret, ...rest } = data;
  return rest;
}
