import { describe, expect, it } from "vitest";
import {
  API_SECURITY_HEADERS,
  buildContentSecurityPolicy,
  createNonce,
  HSTS,
  isHttpsRequest,
  pageSecurityHeaders,
  withFrameProtection,
} from "./security-headers";

const BASE64 = /^[A-Za-z0-9+/]{22}==$/;

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

function request(url: string, headers: Record<string, string> = {}) {
  return { url, headers: new Headers(headers) };
}

describe("createNonce", () => {
  it("is base64 of 16 random bytes", () => {
    const nonce = createNonce();
    expect(nonce).toMatch(BASE64);
    expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("is fresh on every call", () => {
    const nonces = new Set(Array.from({ length: 1000 }, createNonce));
    expect(nonces.size).toBe(1000);
  });
});

describe("buildContentSecurityPolicy", () => {
  it("has every directive the Console needs", () => {
    const nonce = createNonce();
    const policy = directives(buildContentSecurityPolicy({ nonce }));
    expect(Object.fromEntries(policy)).toEqual({
      "default-src": ["'self'"],
      "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"],
      "style-src": ["'self'", "'unsafe-inline'"],
      "img-src": ["'self'", "data:"],
      "font-src": ["'self'"],
      "connect-src": ["'self'"],
      "object-src": ["'none'"],
      "base-uri": ["'none'"],
      "form-action": ["'self'"],
      "frame-ancestors": ["'none'"],
    });
  });

  it("never allows inline scripts or eval in production", () => {
    const policy = buildContentSecurityPolicy({ nonce: createNonce() });
    expect(policy).not.toContain("'unsafe-eval'");
    expect(directives(policy).get("script-src")).not.toContain("'unsafe-inline'");
  });

  it("allows 'unsafe-eval' for scripts in development only", () => {
    const policy = directives(buildContentSecurityPolicy({ nonce: createNonce(), dev: true }));
    expect(policy.get("script-src")).toContain("'unsafe-eval'");
    expect(policy.get("style-src")).not.toContain("'unsafe-eval'");
  });

  it("refuses a nonce that could inject directives", () => {
    expect(() => buildContentSecurityPolicy({ nonce: "abc'; script-src *" })).toThrow(/base64/);
    expect(() => buildContentSecurityPolicy({ nonce: "" })).toThrow(/base64/);
  });
});

describe("pageSecurityHeaders", () => {
  it("carries the CSP with the given nonce and the fixed headers", () => {
    const nonce = createNonce();
    const headers = pageSecurityHeaders({ nonce, https: false });
    expect(headers["Content-Security-Policy"]).toContain(`'nonce-${nonce}'`);
    expect(headers).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
      "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    });
  });

  it("sends HSTS over https only", () => {
    const nonce = createNonce();
    expect(pageSecurityHeaders({ nonce, https: false })).not.toHaveProperty("Strict-Transport-Security");
    expect(pageSecurityHeaders({ nonce, https: true })["Strict-Transport-Security"]).toBe(HSTS);
    expect(HSTS).toBe("max-age=63072000; includeSubDomains");
  });
});

describe("isHttpsRequest", () => {
  it.each([
    ["http://localhost:3000/", {}, false],
    ["https://console.example.com/", {}, true],
    ["http://localhost:3000/", { "x-forwarded-proto": "https" }, true],
    ["http://localhost:3000/", { "x-forwarded-proto": "HTTPS, http" }, true],
    ["http://localhost:3000/", { "x-forwarded-proto": "http" }, false],
    ["https://console.example.com/", { "x-forwarded-proto": "http" }, false],
    ["not a url", {}, false],
  ] as const)("%s with %o → %s", (url, headers, expected) => {
    expect(isHttpsRequest(request(url, headers))).toBe(expected);
  });
});

describe("API_SECURITY_HEADERS", () => {
  it("is nosniff, a strict referrer and no-store, without a CSP", () => {
    expect(API_SECURITY_HEADERS).toEqual({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "Cache-Control": "no-store",
    });
  });
});

describe("withFrameProtection", () => {
  it("adds X-Frame-Options and frame-ancestors to an HTML answer, keeping its body, status and cookies", async () => {
    const headers = new Headers({ "content-type": "text/html" });
    headers.append("set-cookie", "a=1; Path=/");
    headers.append("set-cookie", "b=2; Path=/");
    const response = withFrameProtection(new Response("<h1>Sign out</h1>", { status: 200, headers }));
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("content-security-policy")).toBe("frame-ancestors 'none'");
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(await response.text()).toBe("<h1>Sign out</h1>");
  });

  it("copies a response whose headers are immutable (a redirect)", () => {
    const response = withFrameProtection(Response.redirect("http://localhost/login", 302));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("http://localhost/login");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });

  it("keeps a CSP the response already has", () => {
    const policy = "default-src 'self'; frame-ancestors 'none'";
    const response = withFrameProtection(new Response(null, { headers: { "content-security-policy": policy } }));
    expect(response.headers.get("content-security-policy")).toBe(policy);
  });
});
