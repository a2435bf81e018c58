import "server-only";
import { LRUCache } from "lru-cache";
import type { z } from "zod";
import { digestAccessToken } from "@/lib/keys/access-token";
import { rateLimitAddressKey } from "@/lib/net/address-key";
import type { Actor } from "../authz";
import { clientAddressOf } from "../client-address";
import { authenticateAccessToken } from "../data/access-tokens";
import { notFound } from "../errors";
import { apiOrigin } from "../request-origin";
import { TokenBucketLimiter } from "../rate-limit";
import { ApiError, NO_STORE, toErrorResponse, validationError } from "./errors";
import { claimIdempotencyKey, idempotencyKeyOf } from "./idempotency";

// The one wrapper every authenticated /api/v1 route goes through: bearer authentication (with a
// limit on failed attempts per client address), JSON bodies validated by the shared zod schemas,
// path ids checked before they reach a query, and every failure mapped to the anchor's error shape.
// Every response says `Cache-Control: no-store`: they carry tenant data and sometimes a secret.

export type ApiContext = {
  actor: Actor;
  /** The access token the request was made with (for `GET /me` and `DELETE /me/token`). */
  tokenId: string;
  request: Request;
  params: Record<string, string | undefined>;
  /**
   * The request body, parsed as JSON and validated; a ZodError becomes a 422. With `emptyIs`, an
   * empty body (none at all, or zero bytes) stands for that value instead of being refused.
   */
  body: <S extends z.ZodType>(schema: S, options?: { emptyIs: unknown }) => Promise<z.output<S>>;
};

/** What Next.js passes as the second argument of a route handler (params are a Promise in Next 16). */
export type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

// Twenty bad tokens from one address, then one more every three seconds. Tokens have 190+ bits of
// entropy, so this is about load and noise rather than guessing odds. Only failures count, and a
// token that authenticates is never refused, whatever its address's bucket says (anyone behind the
// same NAT would otherwise be locked out): the token is checked first, cheapest first (format and
// checksum, then the digests known to be unknown, then one indexed lookup), and only a failure from
// an address whose bucket is empty is answered 429 instead of 401. IPv6 addresses count per /64.
const failedAuthentications = new TokenBucketLimiter(20, 1 / 3);
// Digests that matched no token, for 30 s: a repeated bad token costs no query. A token's digest
// does not become valid later (tokens are random, and a deleted one is never restored).
const unknownTokenDigests = new LRUCache<string, true>({ max: 10_000, ttl: 30_000 });

const MAX_BODY_BYTES = 64 * 1024;

/** The caller's address, as our HTTP server recorded it (see lib/server/client-address.ts). */
export function clientAddress(request: Request): string {
  return clientAddressOf(request.headers);
}

async function authenticate(request: Request): Promise<{ actor: Actor; tokenId: string }> {
  const header = request.headers.get("authorization");
  // No credential at all costs nothing and guesses nothing: a plain 401, not counted.
  if (!header) throw new ApiError("authentication-failed", "This request needs an access token.");
  const bearer = /^Bearer +(\S{1,512})$/i.exec(header.trim())?.[1];
  const digest = bearer ? digestAccessToken(bearer) : null;
  const result = bearer && digest && !unknownTokenDigests.has(digest) ? await authenticateAccessToken(bearer) : null;
  // Where the request came from rides on the Actor, for the audit log (lib/server/request-origin.ts).
  if (result) return { actor: { ...result.actor, origin: apiOrigin(request.headers, result.tokenId) }, tokenId: result.tokenId };
  if (digest) unknownTokenDigests.set(digest, true);
  const decision = failedAuthentications.take(rateLimitAddressKey(clientAddress(request)));
  if (!decision.allowed) {
    throw new ApiError("rate-limit-exceeded", "Too many requests with an invalid token from this address.", undefined, {
      "Retry-After": String(decision.retryAfterSeconds),
    });
  }
  throw new ApiError("authentication-failed", "The access token is not valid, or it has been revoked.");
}

/** Reads at most MAX_BODY_BYTES of the body, so a huge upload is refused before it is buffered. */
async function readBody(request: Request): Promise<string> {
  const tooLarge = () => new ApiError("validation-error", `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
}

async function parseBody<S extends z.ZodType>(text: () => Promise<string>, schema: S, options?: { emptyIs: unknown }): Promise<z.output<S>> {
  let json: unknown;
  try {
    const body = await text();
    json = body === "" && options ? options.emptyIs : JSON.parse(body);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError("validation-error", "The request body must be JSON.", 'Send a JSON object, e.g. {"name": "production"}.');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw validationError(parsed.error, "The request body is not valid.");
  return parsed.data;
}

async function resolveParams(context: RouteContext | undefined): Promise<Record<string, string | undefined>> {
  const raw = (await context?.params) ?? {};
  return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, typeof value === "string" ? value : undefined]));
}

/** The body's text, read (bounded) once however often it is asked for. */
function bodyReader(request: Request): () => Promise<string> {
  let text: Promise<string> | null = null;
  return () => (text ??= readBody(request));
}

export type ApiRouteOptions = {
  /** A create that honours `Idempotency-Key` (./idempotency.ts); `secretField` is never stored. */
  idempotent?: { secretField?: string };
};

/** Wraps an authenticated route handler; see the comment at the top of this file. */
export function apiRoute(work: (context: ApiContext) => Promise<Response>, options: ApiRouteOptions = {}) {
  return async (request: Request, context?: RouteContext): Promise<Response> => {
    try {
      const { actor, tokenId } = await authenticate(request);
      const params = await resolveParams(context);
      const text = bodyReader(request);
      const run = () => work({ actor, tokenId, request, params, body: (schema, parse) => parseBody(text, schema, parse) });
      const key = options.idempotent ? idempotencyKeyOf(request) : null;
      let response: Response;
      if (key === null) {
        response = await run();
      } else {
        const claim = await claimIdempotencyKey({ actor, key, request, bodyText: await text(), secretField: options.idempotent?.secretField });
        if (claim.kind === "replay") return claim.response;
        if (claim.kind === "none") response = await run();
        else {
          try {
            response = await claim.finish(await run());
          } catch (error) {
            await claim.release();
            throw error;
          }
        }
      }
      response.headers.set("Cache-Control", "no-store");
      return response;
    } catch (error) {
      return toErrorResponse(error, `${request.method} ${new URL(request.url).pathname}`);
    }
  };
}

/**
 * A path id, checked against its schema before any query. A malformed id answers exactly as a
 * missing one does (`noun` is the data layer's word for it), so the two cannot be told apart.
 */
export function pathId(value: string | undefined, schema: z.ZodType<string>, noun: string): string {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw notFound(noun);
  return parsed.data;
}

export const ok = (data: unknown, status = 200) => Response.json({ data }, { status, headers: NO_STORE });

export const created = (data: unknown) => ok(data, 201);

export type Pagination = { nextCursor: string | null; hasMore: boolean };

export const paged = (data: unknown[], pagination: Pagination) =>
  Response.json({ data, pagination }, { status: 200, headers: NO_STORE });

export type PublicApiContext = Omit<ApiContext, "actor" | "tokenId">;

/**
 * Wraps a route that takes no access token (POST /auth/cli/token): the same body parsing, error
 * shape and `Cache-Control: no-store` as apiRoute, and whatever limits the route sets itself.
 */
export function publicApiRoute(work: (context: PublicApiContext) => Promise<Response>) {
  return async (request: Request, context?: RouteContext): Promise<Response> => {
    try {
      const params = await resolveParams(context);
      const text = bodyReader(request);
      const response = await work({ request, params, body: (schema, options) => parseBody(text, schema, options) });
      response.headers.set("Cache-Control", "no-store");
      return response;
    } catch (error) {
      return toErrorResponse(error, `${request.method} ${new URL(request.url).pathname}`);
    }
  };
}
