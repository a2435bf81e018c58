// Reading a bounded request body and writing an answer, on node:http's own objects (no fetch
// Request/Response conversion: per request that conversion is where a naive wrapper of Prisma's
// executor loses most of its time).
import type { IncomingMessage, ServerResponse } from "node:http";
import { API_SECURITY_HEADERS } from "@/lib/security-headers";
import { CODES, RESPONSE_HEADERS } from "./accelerate-protocol";
import type { ErrorAnswer } from "./errors";
import { GatewayQueryError } from "./errors";

const JSON_HEADERS: Record<string, string> = { ...API_SECURITY_HEADERS, "Content-Type": "application/json; charset=utf-8" };

const tooLarge = (limit: number) =>
  new GatewayQueryError(CODES.invalidParameters, `The request body is larger than this gateway accepts (${limit} bytes).`, { limit });

/** The body as text, at most `limit` bytes; a larger one is refused (and drained) before it is buffered. */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  if (Number(req.headers["content-length"] ?? 0) > limit) {
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        reject(tooLarge(limit));
      } else chunks.push(chunk);
    });
    req.on("end", () => {
      if (!refused) resolve(chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", reject);
  });
}

export function sendJson(res: ServerResponse, status: number, text: string, headers?: Record<string, string>): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // A length instead of chunked framing: one write, and the client knows when the body ends.
  res.writeHead(status, { ...JSON_HEADERS, ...headers, "Content-Length": String(Buffer.byteLength(text)) });
  res.end(text);
}

export function sendError(res: ServerResponse, answer: ErrorAnswer, headers?: Record<string, string>): void {
  sendJson(res, answer.status, JSON.stringify(answer.body), {
    ...headers,
    ...answer.headers,
    [RESPONSE_HEADERS.errorCode]: answer.body.code,
  });
}
