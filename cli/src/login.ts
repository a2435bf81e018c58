// `auth login`: a one-time callback server on 127.0.0.1 (random port), a random state and a PKCE
// verifier (RFC 7636, S256) that never leaves this process but for the exchange below. The user
// approves in the Console at <console>/auth/cli?state=…&redirect=http://127.0.0.1:<port>/callback
// &code_challenge=<S256(verifier)>&code_challenge_method=S256; the Console redirects the browser to
// the callback with ?code=…&state=… (or &error=…), a one-time code that expires in 60 s; the CLI
// POSTs code, state and verifier to /api/v1/auth/cli/token and receives the token in the answer. So
// no token is ever in a URL (nor in the browser's history), and a code seen there is useless alone.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { personalTokens } from "@/lib/keys/access-token";
import { CODE_CHALLENGE_METHOD, cliTokenExchangeSchema, type CliTokenExchange } from "@/lib/schemas/cli-authorization";
import { ApiClient } from "./api";
import { CliError, oneLine } from "./errors";

export const LOGIN_TIMEOUT_MS = 5 * 60_000;

export function newState(): string {
  return randomBytes(32).toString("base64url");
}

/** 32 random bytes, base64url: 43 characters of RFC 7636's alphabet. */
export function newVerifier(): string {
  return randomBytes(32).toString("base64url");
}

/** S256: base64url(SHA-256(verifier)), no padding. */
export function codeChallenge(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

export function sameState(expected: string, received: string | null): boolean {
  if (received === null) return false;
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(received, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

export function loginUrl(baseUrl: string, state: string, redirect: string, challenge: string): string {
  const url = new URL(`${baseUrl}/auth/cli`);
  url.searchParams.set("state", state);
  url.searchParams.set("redirect", redirect);
  url.searchParams.set("code_challenge", challenge);
  url.searchParams.set("code_challenge_method", CODE_CHALLENGE_METHOD);
  return url.href;
}

/**
 * POST /api/v1/auth/cli/token: the code, the state and the verifier for a personal access token.
 * Fails with the Console's reason (or why it could not be reached) as the message.
 */
export async function exchangeCode(baseUrl: string, exchange: CliTokenExchange, client = new ApiClient({ baseUrl })): Promise<string> {
  const body = cliTokenExchangeSchema.safeParse(exchange);
  if (!body.success) throw new CliError("the Console sent no valid code");
  const token = (await client.post<{ token?: unknown } | undefined>("/auth/cli/token", body.data))?.token;
  if (typeof token !== "string" || !personalTokens.check(token).ok) throw new CliError("the Console's answer held no valid token");
  return token;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function page(title: string, message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;margin:0;color:#111}
main{max-width:32rem;padding:2rem;text-align:center}h1{font-size:1.4rem}p{color:#444}</style></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></main></body></html>`;
}

function duration(ms: number): string {
  const minutes = ms / 60_000;
  if (Number.isInteger(minutes)) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  return `${Math.round(ms / 1000)} seconds`;
}

export type CallbackServer = {
  redirect: string;
  /** The token the exchange returned; rejects on ?error=, a malformed code, a refused exchange or the timeout. */
  token: Promise<string>;
  close: () => void;
};

/** Turns the code the browser brought into a token (exchangeCode, bound to the Console and verifier). */
export type Exchange = (code: string) => Promise<string>;

const CODE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Listens on 127.0.0.1:<random>/callback for one approval carrying `state`, exchanges its code,
 * and only then answers the browser, with the outcome.
 */
export async function startCallbackServer(state: string, exchange: Exchange, timeoutMs = LOGIN_TIMEOUT_MS): Promise<CallbackServer> {
  let settle!: { resolve: (token: string) => void; reject: (error: Error) => void };
  const token = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  token.catch(() => {}); // the caller awaits it; this only keeps a rejection after close() quiet
  let done = false;
  let received = false;

  const server = http.createServer((request, response) => {
    const answer = (status: number, title: string, message: string) => {
      response.writeHead(status, {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "referrer-policy": "no-referrer",
        "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
        "x-content-type-options": "nosniff",
        connection: "close",
      });
      response.end(page(title, message));
    };
    const fail = (reason: string) => {
      answer(400, "Authentication failed", `${reason.replace(/\.$/, "")}. You can close this tab and try again in your terminal.`);
      finish(() => settle.reject(new CliError(`Authentication failed: ${reason}`)));
    };
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (request.method !== "GET" || url.pathname !== "/callback" || done || received) {
      answer(404, "Not found", "This address only receives the Platform Console's approval.");
      return;
    }
    if (!sameState(state, url.searchParams.get("state"))) {
      // Not from the approval this command started: refuse it and keep waiting for the real one.
      answer(400, "Authentication failed", "This approval does not belong to the running `platform auth login`.");
      return;
    }
    const error = url.searchParams.get("error");
    const code = url.searchParams.get("code");
    if (error !== null || code === null || !CODE.test(code)) {
      return fail(error !== null ? oneLine(error).slice(0, 300) || "unknown error" : "the Console sent no valid code");
    }
    received = true;
    exchange(code).then(
      (value) => {
        answer(200, "Platform CLI authorized", "You can close this tab and return to your terminal.");
        finish(() => settle.resolve(value));
      },
      (failure: Error) => fail(failure.message),
    );
  });

  const timer = setTimeout(
    () =>
      finish(() =>
        settle.reject(
          new CliError(
            `Timed out after ${duration(timeoutMs)} waiting for the approval in the browser. Run \`npx platform auth login\` again.`,
          ),
        ),
      ),
    timeoutMs,
  );

  function finish(then: () => void) {
    if (done) return;
    done = true;
    clearTimeout(timer);
    server.close();
    // Let the answer reach the browser, then drop any keep-alive sockets.
    setTimeout(() => server.closeAllConnections(), 100).unref();
    then();
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) =>
      reject(new CliError(`Could not start the login callback server on 127.0.0.1: ${error.message}`)),
    );
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    redirect: `http://127.0.0.1:${port}/callback`,
    token,
    close: () => finish(() => settle.reject(new CliError("Login cancelled."))),
  };
}
