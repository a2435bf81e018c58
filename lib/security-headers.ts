// Security headers for every response the Console serves. proxy.ts applies the page set (with a
// per-request CSP nonce) to pages, server actions and RSC requests; next.config.ts applies the API
// set to /api/**. Framework-free and runtime-neutral (Web Crypto, btoa), so the proxy, the config
// and the unit tests share it.

/** 16 random bytes, standard base64 (24 characters): a CSP `nonce-source`, fresh per call. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export type CspOptions = {
  nonce: string;
  /** `next dev`: React rebuilds server error stacks with eval, so 'unsafe-eval' is allowed there only. */
  dev?: boolean;
};

/**
 * The page policy. Scripts run only with this request's nonce (Next.js puts it on its own scripts
 * when the request carries this header too); 'strict-dynamic' lets those scripts load the app's
 * chunks. Styles allow inline because React and Radix set style attributes; a nonce in style-src
 * would switch 'unsafe-inline' off, so there is none.
 */
export function buildContentSecurityPolicy({ nonce, dev = false }: CspOptions): string {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(nonce)) throw new Error("A CSP nonce must be base64.");
  const directives: Array<[string, ...string[]]> = [
    ["default-src", "'self'"],
    ["script-src", "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
  ];
  return directives.map((directive) => directive.join(" ")).join("; ");
}

export const HSTS = "max-age=63072000; includeSubDomains";

/** Sent on pages and API responses alike. */
export const COMMON_SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
} as const;

/** The API set (next.config.ts, /api/**): no CSP work, and nothing an API answers is cacheable. */
export const API_SECURITY_HEADERS = {
  ...COMMON_SECURITY_HEADERS,
  "Cache-Control": "no-store",
} as const;

/**
 * What keeps a response out of other sites' frames (clickjacking), for HTML that is not one of our
 * pages: next-auth's own sign-in, sign-out and error pages under /api/auth get the API set from
 * next.config.ts, not the page set of proxy.ts. The CSP carries only `frame-ancestors`, so it
 * restricts nothing those pages load.
 */
export const FRAME_PROTECTION_HEADERS = {
  "X-Frame-Options": "DENY",
  "Content-Security-Policy": "frame-ancestors 'none'",
} as const;

/**
 * `response` with FRAME_PROTECTION_HEADERS added (a CSP it already has is kept: ours say
 * `frame-ancestors 'none'` too). A response whose headers are immutable (Response.redirect) is
 * copied first.
 */
export function withFrameProtection(response: Response): Response {
  let target = response;
  try {
    target.headers.set("X-Frame-Options", FRAME_PROTECTION_HEADERS["X-Frame-Options"]);
  } catch {
    target = new Response(response.body, { status: response.status, statusText: response.statusText, headers: new Headers(response.headers) });
    target.headers.set("X-Frame-Options", FRAME_PROTECTION_HEADERS["X-Frame-Options"]);
  }
  if (!target.headers.has("Content-Security-Policy")) {
    target.headers.set("Content-Security-Policy", FRAME_PROTECTION_HEADERS["Content-Security-Policy"]);
  }
  return target;
}

export type RequestLike = { url: string; headers: Pick<Headers, "get"> };

/**
 * Whether the browser reached us over https: the first X-Forwarded-Proto entry (set by a TLS
 * terminator in front of the Console), else the request URL's own scheme.
 */
export function isHttpsRequest(request: RequestLike): boolean {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === "https";
  try {
    return new URL(request.url).protocol === "https:";
  } catch {
    return false;
  }
}

export type PageHeaderOptions = CspOptions & { https: boolean };

/** Every header a page response carries, the CSP with this request's nonce included. */
export function pageSecurityHeaders({ nonce, dev, https }: PageHeaderOptions): Record<string, string> {
  return {
    "Content-Security-Policy": buildContentSecurityPolicy({ nonce, dev }),
    ...COMMON_SECURITY_HEADERS,
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    ...(https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}
