// The gateway's HTTP handlers: plain node:http, no framework on the hot path.
//
//   POST /api/v1/keys/verify   {"key": "…", "resourceId"?: "…"} or Authorization: Bearer <key>
//                              → 200 {valid: true, keyId, resourceId, …} | 401 {valid: false, code, message}
//   GET  /connection-info      the Accelerate paths a Prisma Client sends to prisma://host/?api_key=…,
//   POST /query, /transaction/…  with the key as a Bearer token; an invalid key gets 401
//                              {"code":"P6002","message":"The provided API Key is invalid. Reason: …"}
//   GET  /health
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

export type GatewayHandlerOptions = {
  verifier: KeyVerifier;
  limiter: TokenBucketLimiter;
  trustProxy: boolean;
  /** The listener's instance id (PostgreSQL), reported by /health. */
  instanceId?: string;
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
    if (path === "/connection-info" || path === "/query" || path?.startsWith("/transaction/")) {
      const method = path === "/connection-info" ? "GET" : "POST";
      if (req.method !== method) return this.methodNotAllowed(req, res, method);
      this.guard(res, this.accelerate(req, res, path));
      return;
    }
    req.resume();
    if (path === "/health" && req.method === "GET") {
      const { verifier } = this.options;
      return send(res, 200, {
        status: "ok",
        instanceId: this.options.instanceId ?? null,
        cache: { enabled: verifier.cachingEnabled, keys: verifier.cachedKeys },
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
    const body = style === "verify" ? { error: { code: "rate-limit-exceeded", message, hint } } : { code: "RateLimited", message };
    send(res, 429, body, { "Retry-After": String(retryAfterSeconds) });
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
    req.resume();
    const key = bearerKey(req);
    if (key === null) {
      const decision = this.budget.fail(address);
      if (!decision.allowed) return this.refuse(req, res, decision.retryAfterSeconds, "accelerate");
      return send(res, 401, {
        code: "P6002",
        message: "The provided API Key is invalid. Reason: no API key was sent (Authorization: Bearer <key>).",
      });
    }
    const outcome = await this.budget.verify(this.options.verifier, address, key);
    if ("limited" in outcome) return this.refuse(req, res, outcome.limited.retryAfterSeconds, "accelerate");
    if ("unavailable" in outcome) {
      return send(res, 503, { code: "P6008", message: "Key verification is temporarily unavailable." }, { "Retry-After": "1" });
    }
    const { result } = outcome;
    if (!result.valid) return send(res, 401, { code: "P6002", message: result.message });
    if (path === "/connection-info") {
      // `provider` and `connectionInfo` are what a Prisma Client (7) reads from this path before it
      // sends a query; the rest names the resource the key belongs to.
      return send(res, 200, {
        provider: "postgres",
        connectionInfo: { supportsRelationJoins: true },
        keyId: result.keyId,
        resource: { id: result.resourceId, kind: result.resourceKind, projectId: result.projectId, workspaceId: result.workspaceId },
      });
    }
    send(res, 501, {
      code: "P6000",
      message: "This gateway verifies keys but does not run queries yet; the key is valid for this resource.",
    });
  }
}
