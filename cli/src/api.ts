// A small client for the Console's REST API (/api/v1): bearer auth, {data} envelopes, cursor
// pagination followed to the end, and every failure turned into one readable line.
import { randomUUID } from "node:crypto";
import { CliError, oneLine } from "./errors";
import { VERSION } from "./help";
import { httpFetch, type FetchLike } from "./http";

/** A failure the API (or the way to it) reported; status 0 when no answer came. */
export class ApiError extends CliError {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message, 1);
    this.name = "ApiError";
  }
}

export const EXPIRED = "Credentials expired or revoked. Run `npx platform auth login`.";
const REQUEST_TIMEOUT_MS = 30_000;
const PAGE_SIZE = 1000;
const MAX_RATE_LIMIT_WAIT_S = 5;

type Method = "GET" | "POST" | "PATCH" | "DELETE";
type Page<T> = { data: T[]; pagination?: { nextCursor?: string | null; hasMore?: boolean } };

export type ApiOptions = {
  baseUrl: string;
  /** The bearer token; left out only for the one anonymous call, the login code exchange. */
  token?: string;
  fetch?: FetchLike;
  pageSize?: number;
  /** Waits before retrying a 429; replaceable in tests. */
  sleep?: (ms: number) => Promise<void>;
};

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === "TimeoutError") return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** The API's `{error: {message, hint}}` as one line; hint may be a string or zod issues. */
function errorLine(body: unknown): string | null {
  const error = (body as { error?: { message?: unknown; hint?: unknown; details?: unknown } } | null)?.error;
  if (!error || typeof error.message !== "string") return null;
  const parts = [error.message.trim()];
  const hint = error.hint ?? error.details;
  if (typeof hint === "string" && hint.trim()) parts.push(hint.trim());
  else if (Array.isArray(hint)) {
    const issues = hint
      .map((issue: { path?: unknown[]; message?: unknown }) =>
        typeof issue?.message === "string"
          ? `${Array.isArray(issue.path) && issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message}`
          : null,
      )
      .filter(Boolean);
    if (issues.length) parts.push(issues.join("; "));
  }
  return oneLine(parts.map((part) => (/[.!?]$/.test(part) ? part : `${part}.`)).join(" "));
}

/** How often a create is sent again after a network error (it carries an Idempotency-Key). */
const NETWORK_RETRIES = 2;

export class ApiClient {
  private readonly fetch: FetchLike;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: ApiOptions) {
    this.fetch = options.fetch ?? httpFetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  url(path: string, query?: Record<string, string | undefined>): URL {
    const url = new URL(`${this.options.baseUrl}/api/v1${path}`);
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
    return url;
  }

  async request<T>(
    method: Method,
    path: string,
    init: { body?: unknown; query?: Record<string, string | undefined>; idempotencyKey?: string } = {},
  ) {
    const url = this.url(path, init.query);
    for (let attempt = 0, networkRetries = 0; ; attempt++) {
      let response: Awaited<ReturnType<FetchLike>>;
      try {
        response = await this.fetch(url, {
          method,
          headers: {
            ...(this.options.token !== undefined ? { authorization: `Bearer ${this.options.token}` } : {}),
            accept: "application/json",
            "user-agent": `platform-cli/${VERSION} node/${process.versions.node}`,
            ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
            ...(init.idempotencyKey ? { "idempotency-key": init.idempotencyKey } : {}),
          },
          body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
          redirect: "error",
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch (error) {
        // A create carries an Idempotency-Key, so sending it again cannot make a second object: the
        // Console answers the first one's result. Anything else is not retried.
        if (init.idempotencyKey && networkRetries < NETWORK_RETRIES) {
          networkRetries++;
          await this.sleep(250 * networkRetries);
          continue;
        }
        throw new ApiError(
          `Could not reach the Platform Console at ${this.options.baseUrl} (${describeNetworkError(error)}). ` +
            "Check --url or PLATFORM_URL.",
          0,
        );
      }

      const text = await response.text().catch(() => "");
      let body: unknown = undefined;
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
      }

      if (response.ok) {
        if (response.status === 204 || !text) return undefined as T;
        if (body === undefined || typeof body !== "object" || body === null || !("data" in body)) {
          throw new ApiError(`Unexpected answer from ${url.origin}${url.pathname}: not the Platform Console API.`, response.status);
        }
        return body as T;
      }

      // Without a token a 401 is about what was sent (a login code), not about stored credentials.
      if (response.status === 401 && this.options.token !== undefined) throw new ApiError(EXPIRED, 401);
      if (response.status === 429) {
        const wait = Number(response.headers.get("retry-after"));
        if (attempt < 2 && Number.isFinite(wait) && wait >= 0 && wait <= MAX_RATE_LIMIT_WAIT_S) {
          await this.sleep(Math.max(wait, 1) * 1000);
          continue;
        }
        const line = errorLine(body) ?? "Too many requests.";
        throw new ApiError(Number.isFinite(wait) && wait > 0 ? `${line} Retry in ${wait} s.` : line, 429);
      }
      const line = errorLine(body);
      if (line) throw new ApiError(line, response.status);
      throw new ApiError(
        `Unexpected answer from ${url.origin}${url.pathname} (HTTP ${response.status}): is ${this.options.baseUrl} a Platform Console?`,
        response.status,
      );
    }
  }

  async get<T>(path: string): Promise<T> {
    return (await this.request<{ data: T }>("GET", path)).data;
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    return (await this.request<{ data: T }>("POST", path, { body })).data;
  }

  /**
   * A create (POST with a body), with one Idempotency-Key for this invocation: network errors are
   * retried safely. `replayed` is true when the Console answered an earlier attempt's result (whose
   * secret, if any, is not sent again).
   */
  async create<T>(path: string, body: unknown): Promise<{ data: T; replayed: boolean }> {
    const answer = await this.request<{ data: T; replayed?: boolean }>("POST", path, { body, idempotencyKey: randomUUID() });
    return { data: answer.data, replayed: answer.replayed === true };
  }

  async patch<T>(path: string, body: unknown): Promise<T> {
    return (await this.request<{ data: T }>("PATCH", path, { body })).data;
  }

  /** POST without a body. */
  async postEmpty<T>(path: string): Promise<T> {
    return (await this.request<{ data: T }>("POST", path)).data;
  }

  /** DELETE; the deleted object when the API returns it. */
  async delete<T>(path: string): Promise<T | undefined> {
    return (await this.request<{ data: T } | undefined>("DELETE", path))?.data;
  }

  /** Every item of a list, following nextCursor to the end. */
  async list<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (;;) {
      const page = await this.request<Page<T>>("GET", path, {
        query: { limit: String(this.options.pageSize ?? PAGE_SIZE), cursor },
      });
      if (!Array.isArray(page.data)) throw new CliError(`Unexpected answer from ${this.options.baseUrl}: a list was expected.`);
      items.push(...page.data);
      const next = page.pagination?.nextCursor;
      if (!page.pagination?.hasMore || !next) return items;
      if (seen.has(next)) throw new CliError("The Console returned the same page twice; stopping.");
      seen.add(next);
      cursor = next;
    }
  }
}
