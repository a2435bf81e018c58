// The gateway's HTTP handlers: plain node:http, no framework on the hot path.
//
//   POST /api/v1/keys/verify   {"key": "…", "resourceId"?: "…"} or Authorization: Bearer <key>
//                              → 200 {valid: true, keyId, resourceId, …} | 401 {valid: false, code, message}
//   GET  /connection-info      the Accelerate paths a Prisma Client sends to prisma+postgres://host/?api_key=…,
//   POST /query, /transaction/…  with the key as a Bearer token. The key is verified on every request
//                              (the verifier's cache is revoked the moment a key is deleted); an invalid
//                              key gets 401 {"code":"P6002","message":"The provided API Key is invalid. Reason: …"}
//                              and a valid one goes to the query engine (./query) with the key's resource,
//                              which alone decides the database: nothing in the request can choose another.
//   GET  /health
//
// Fail closed: when the key cannot be verified (the Console's database is down), the answer is 503
// and the request never reaches the engine, so no query runs on an unverified key.
//
// Every failed verification (malformed, unknown, deleted, another resource's, no key at all) uses
// one token of the client address's bucket; a failure from an address whose bucket is empty is
// answered 429 with Retry-After instead of 401. A key that verifies is never refused, whatever the
// bucket says (./admission.ts). Database trouble answers 503, never "valid".
import type { IncomingMessage, ServerResponse } from "node:http";
import { verifyApiKeySchema } from "@/lib/schemas/api-key";
import { API_SECURITY_HEADERS } from "@/lib/security-headers";
import type { TokenBucketLimiter } from "@/lib/server/rate-limit";
import { FailureBudget } from "./admission";
import type { QueryEngine } from "./query/engine";
import { isAcceleratePath } from "./query/accelerate-protocol";
import type { KeyVerifier } from "./verifier";

export const VERIFY_PATH = "/api/v1/keys/verify";
const MAX_BODY_BYTES = 4096;
// The API's headers (nosniff, referrer policy, no-store: a verification answer is nobody's to cache).
const HEADERS: Record<string, string> = { ...API_SECURITY_HEADERS, "Content-Type": "application/json; charset=utf-8" };

/**
 * The socket's peer or, behind a trusted reverse proxy (PLATFORM_TRUST_PROXY=1), the last
 * X-Forwarded-For entry: the one that proxy appended. Earlier entries are whatever the client
 * sent, so keying a rate limit on them would let a client pick a fresh bucket per request.
 */
export function clientAddressOf(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = String(req.headers["x-forwarded-for"] ?? "").split(",").at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  return req.socket.remoteAddress ?? "unknown";
}

function send(res: ServerResponse, status: number, body: unknown, extraHeaders?: Record<string, string>): void {
  res.writeHead(status, extraHeaders ? { ...HEADERS, ...extraHeaders } : HEADERS);
  res.end(JSON.stringify(body));
}

function bearerKey(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1] ?? null;
}

class BodyTooLargeError extends Error {}

/** The body as text, at most MAX_BODY_BYTES; a larger one is drained and refused. */
function readBody(req: IncomingMessage): Promise<string> {
  if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) {
    req.resume();
    return Promise.reject(new BodyTooLargeError());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        reject(new BodyTooLargeError());
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** What the router needs of the query engine (./query/engine.ts). */
export type AccelerateEngine = Pick<QueryEngine, "handle" | "rollbackTransactionForRefusedKey"> & {
  stats?: QueryEngine["stats"];
};

export type GatewayHandlerOptions = {
  verifier: KeyVerifier;
  /** Runs the queries of verified requests on the key's resource's database. */
  engine: AccelerateEngine;
  limiter: TokenBucketLimiter;
  trustProxy: boolean;
  /** The listener's instance id (PostgreSQL), reported by /health. */
  instanceId?: string;
  /** The name in this process's transaction ids and gateway_instance cookie, reported by /health. */
  instanceName?: string;
  log?: (message: string) => void;
};

export class GatewayHandler {
  private readonly budget: FailureBudget;

  constructor(private readonly options: GatewayHandlerOptions) {
    this.budget = new FailureBudget(options.limiter);
  }

  /** Every gateway route (the gateway's own port). */
  handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? "/").split("?", 1)[0];
    if (path === VERIFY_PATH) return this.handleVerify(req, res);
    if (path !== undefined && isAcceleratePath(path)) {
      // Older clients' paths (/<version>/<hash>/…) go to the engine as well, which answers P6006.
      const method = path === "/connection-info" ? "GET" : "POST";
      const known = path === "/connection-info" || path === "/query" || path === "/invalidate" || path.startsWith("/transaction/");
      if (known && req.method !== method) return this.methodNotAllowed(req, res, method);
      this.guard(res, this.accelerate(req, res, path));
      return;
    }
    req.resume();
    if (path === "/health" && req.method === "GET") {
      const { verifier } = this.options;
      return send(res, 200, {
        status: "ok",
        instanceId: this.options.instanceId ?? null,
        instanceName: this.options.instanceName ?? null,
        cache: { enabled: verifier.cachingEnabled, keys: verifier.cachedKeys },
        queries: this.options.engine.stats?.() ?? null,
      });
    }
    send(res, 404, { code: "NotFound", message: "No such gateway path." });
  };

  /** POST /api/v1/keys/verify (also mounted on the Console's port by scripts/server.mjs). */
  handleVerify = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== "POST") return this.methodNotAllowed(req, res, "POST", "verify");
    this.guard(res, this.verifyRoute(req, res));
  };

  /** The verify route is part of /api/v1 and answers in its error shape; Accelerate paths in theirs. */
  private methodNotAllowed(req: IncomingMessage, res: ServerResponse, allowed: string, style: "verify" | "accelerate" = "accelerate"): void {
    req.resume();
    const message = `${req.method} is not allowed here. Use ${allowed}.`;
    const body =
      style === "verify"
        ? { error: { code: "method-not-allowed", message, hint: `This endpoint accepts ${allowed}; see GET /api/v1/openapi.json.` } }
        : { code: "MethodNotAllowed", message };
    send(res, 405, body, { Allow: allowed });
  }

  private guard(res: ServerResponse, work: Promise<void>): void {
    work.catch((error: unknown) => {
      // Never the request or the key: only what kind of failure it was.
      this.options.log?.(`unexpected error while verifying: ${error instanceof Error ? error.name : typeof error}`);
      if (!res.headersSent) send(res, 500, { code: "InternalError", message: "Internal error." });
      else res.destroy();
    });
  }

  private refuse(req: IncomingMessage, res: ServerResponse, retryAfterSeconds: number, style: "verify" | "accelerate"): void {
    req.resume();
    const message = `Too many failed key verifications from this address. Try again in ${retryAfterSeconds} s.`;
    const hint = "Check the key you send: only failed verifications count towards this limit, and a valid key is always accepted.";
    const body = style === "verify" ? { error: { code: "rate-limit-exceeded", message, hint } } : { code: "P5011", message };
    send(res, 429, body, { "Retry-After": String(retryAfterSeconds), ...(style === "accelerate" ? { "Prisma-Error-Code": "P5011" } : {}) });
  }

  private async verifyRoute(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const address = clientAddressOf(req, this.options.trustProxy);
    const invalid = (hint: string) => {
      const decision = this.budget.fail(address);
      if (!decision.allowed) return this.refuse(req, res, decision.retryAfterSeconds, "verify");
      send(res, 422, { error: { code: "validation-error", message: "The request body is not valid.", hint } });
    };
    let text: string;
    try {
      text = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return invalid(`The body must be at most ${MAX_BODY_BYTES} bytes.`);
      throw error;
    }
    let key: unknown;
    let resourceId: string | undefined;
    if (text.trim() === "") {
      key = bearerKey(req);
      if (key === null) return invalid('Send {"key": "…"} or an Authorization: Bearer <key> header.');
    } else {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return invalid('The request body must be JSON: {"key": "…"}.');
      }
      const parsed = verifyApiKeySchema.safeParse(body);
      if (!parsed.success) {
        return invalid(parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; "));
      }
      ({ key, resourceId } = parsed.data);
    }
    const outcome = await this.budget.verify(this.options.verifier, address, key, resourceId);
    if ("limited" in outcome) return this.refuse(req, res, outcome.limited.retryAfterSeconds, "verify");
    if ("unavailable" in outcome) {
      return send(res, 503, { valid: false, code: "UNAVAILABLE", message: "Key verification is temporarily unavailable." }, { "Retry-After": "1" });
    }
    send(res, outcome.result.valid ? 200 : 401, outcome.result);
  }

  private async accelerate(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const address = clientAddressOf(req, this.options.trustProxy);
    const key = bearerKey(req);
    if (key === null) {
      req.resume();
      const decision = this.budget.fail(address);
      if (!decision.allowed) return this.refuse(req, res, decision.retryAfterSeconds, "accelerate");
      return send(res, 401, {
        code: "P6002",
        message: "The provided API Key is invalid. Reason: no API key was sent (Authorization: Bearer <key>).",
      }, { "Prisma-Error-Code": "P6002" });
    }
    // The body stays unread (paused) while the key is checked; only the engine reads it.
    const outcome = await this.budget.verify(this.options.verifier, address, key);
    if ("limited" in outcome) return this.refuse(req, res, outcome.limited.retryAfterSeconds, "accelerate");
    if ("unavailable" in outcome) {
      req.resume();
      return send(
        res,
        503,
        { code: "P6008", message: "Key verification is temporarily unavailable, so no query was run. Try again in a moment." },
        { "Retry-After": "1", "Prisma-Error-Code": "P6008" },
      );
    }
    const { result } = outcome;
    if (!result.valid) {
      req.resume();
      // A request of an open transaction whose key no longer verifies (deleted, and the event not
      // applied yet): that transaction is rolled back now, not at its timeout.
      const rolledBack = await this.options.engine.rollbackTransactionForRefusedKey(path, key);
      const message = rolledBack ? `${result.message} Its open transaction was rolled back.` : result.message;
      return send(res, 401, { code: "P6002", message }, { "Prisma-Error-Code": "P6002" });
    }
    await this.options.engine.handle(req, res, {
      path,
      key: {
        keyId: result.keyId,
        resourceId: result.resourceId,
        projectId: result.projectId,
        permission: result.permission,
        expiresAt: result.expiresAt === null ? null : Date.parse(result.expiresAt),
      },
    });
  }
}
