// Security headers (proxy.ts, lib/security-headers.ts, next.config.ts) and proof that the Console
// still works under its Content-Security-Policy: every script in a page carries this response's
// nonce, and signing in, opening a resource's API Keys and its Create dialog log no CSP violation.
import { expect, test, type APIResponse, type Browser, type ConsoleMessage, type Page } from "@playwright/test";
import { createDialog, openDemoResource, signIn } from "./support";

const SIGNED_OUT = { cookies: [], origins: [] };
const NONCE = /'nonce-([A-Za-z0-9+/]+={0,2})'/;
const CSP_VIOLATION = /Refused to (execute|load|apply|connect|frame)|Content Security Policy|violates the following/i;

function directivesOf(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

/** The CSP's nonce, after checking every header a page response must carry. */
function expectPageHeaders(response: APIResponse): string {
  const headers = response.headers();
  const policy = headers["content-security-policy"];
  expect(policy, "Content-Security-Policy").toBeTruthy();
  const directives = directivesOf(policy!);
  const nonce = policy!.match(NONCE)?.[1];
  expect(nonce, "the CSP has a script nonce").toBeTruthy();
  expect(directives.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
  expect(directives.get("default-src")).toEqual(["'self'"]);
  expect(directives.get("object-src")).toEqual(["'none'"]);
  expect(directives.get("base-uri")).toEqual(["'none'"]);
  expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
  expect(directives.get("form-action")).toEqual(["'self'"]);
  expect(directives.get("img-src")).toEqual(["'self'", "data:"]);
  expect(directives.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  expect(directives.get("connect-src")).toEqual(["'self'"]);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["permissions-policy"]).toBe("camera=(), microphone=(), geolocation=()");
  // Plain http here: no HSTS (it is only sent when the request came over https).
  expect(headers["strict-transport-security"]).toBeUndefined();
  return nonce!;
}

/** Every <script> tag in the served HTML, and its nonce attribute (null when it has none). */
function scriptNonces(html: string): Array<{ tag: string; nonce: string | null }> {
  return [...html.matchAll(/<script\b[^>]*>/gi)].map(([tag]) => ({
    tag: tag.slice(0, 120),
    nonce: tag.match(/\snonce="([^"]*)"/)?.[1] ?? null,
  }));
}

async function signedOutPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: SIGNED_OUT });
  return context.newPage();
}

test.describe("Security headers", () => {
  test("/login carries the CSP and the other page headers", async ({ playwright, baseURL }) => {
    const anonymous = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
    const response = await anonymous.get("/login", { maxRedirects: 0 });
    expect(response.status()).toBe(200);
    const nonce = expectPageHeaders(response);
    const scripts = scriptNonces(await response.text());
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((script) => script.nonce !== nonce)).toEqual([]);

    // A fresh nonce on every request.
    const again = expectPageHeaders(await anonymous.get("/login", { maxRedirects: 0 }));
    expect(again).not.toBe(nonce);
    await anonymous.dispose();
  });

  test("a console page: every <script> carries the header's nonce", async ({ page, request }) => {
    // The API Keys tab of the demo resource, reached by clicking; then its HTML as served.
    const { url } = await openDemoResource(page);
    const response = await request.get(url, { maxRedirects: 0 });
    expect(response.status()).toBe(200);
    const nonce = expectPageHeaders(response);
    const html = await response.text();
    expect(html).toContain("API Keys"); // signed in: the console page, not the login page
    const scripts = scriptNonces(html);
    expect(scripts.length).toBeGreaterThan(1);
    expect(scripts.some((script) => !script.tag.includes(" src="))).toBe(true); // the inline RSC payload too
    expect(scripts.filter((script) => script.nonce !== nonce)).toEqual([]);
  });

  test("a URL deeper than any route: the 404 page's scripts carry the nonce too", async ({ request }) => {
    const response = await request.get("/a/b/c/d/e/f", { maxRedirects: 0 });
    expect(response.status()).toBe(404);
    const nonce = expectPageHeaders(response);
    const scripts = scriptNonces(await response.text());
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((script) => script.nonce !== nonce)).toEqual([]);
  });

  test("HSTS only when the request came over https", async ({ request }) => {
    const https = await request.get("/login", { headers: { "x-forwarded-proto": "https" }, maxRedirects: 0 });
    expect(https.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
    const http = await request.get("/login", { headers: { "x-forwarded-proto": "http" }, maxRedirects: 0 });
    expect(http.headers()["strict-transport-security"]).toBeUndefined();
  });

  test("API responses: nosniff, referrer policy, no-store, and no CSP", async ({ request }) => {
    for (const path of ["/api/health", "/api/v1/openapi.json", "/api/v1/me"]) {
      const response = await request.get(path);
      expect(response.status(), path).toBeLessThan(500);
      const headers = response.headers();
      expect(headers["x-content-type-options"], path).toBe("nosniff");
      expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
      expect(headers["cache-control"], path).toBe("no-store");
      expect(headers["content-security-policy"], path).toBeUndefined();
    }
    const verify = await request.post("/api/v1/keys/verify", { data: { key: "not-a-key" } });
    expect(verify.headers()["x-content-type-options"]).toBe("nosniff");
    expect(verify.headers()["cache-control"]).toBe("no-store");
  });

  test("API methods through the real server: 405 with Allow and a JSON error, OPTIONS 204 with Allow, HEAD like GET", async ({ request }) => {
    for (const [method, path, allow] of [
      ["PUT", "/api/v1/me", "GET, HEAD, OPTIONS"],
      ["POST", "/api/v1/projects/proj_0000000000000000", "DELETE, GET, HEAD, OPTIONS, PATCH"],
      ["GET", "/api/v1/auth/cli/token", "OPTIONS, POST"],
      ["HEAD", "/api/v1/me/token", "DELETE, OPTIONS"],
    ] as const) {
      const response = await request.fetch(path, { method });
      expect({ method, path, status: response.status(), allow: response.headers()["allow"] }).toEqual({ method, path, status: 405, allow });
      expect(response.headers()["cache-control"]).toBe("no-store");
      if (method !== "HEAD") expect((await response.json()).error).toMatchObject({ code: "method-not-allowed", hint: expect.stringContaining(allow) });
    }
    const options = await request.fetch("/api/v1/workspaces", { method: "OPTIONS" });
    expect(options.status()).toBe(204);
    expect(options.headers()["allow"]).toBe("GET, HEAD, OPTIONS");
    const head = await request.fetch("/api/v1/openapi.json", { method: "HEAD" });
    expect(head.status()).toBe(200);
    expect(await head.text()).toBe("");
  });

  test("next-auth's own pages under /api/auth cannot be framed", async ({ playwright, baseURL }) => {
    const anonymous = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
    for (const path of ["/api/auth/signin", "/api/auth/signout", "/api/auth/error", "/api/auth/error?error=AccessDenied", "/api/auth/csrf"]) {
      const response = await anonymous.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBeLessThan(500);
      const headers = response.headers();
      expect(headers["x-frame-options"], path).toBe("DENY");
      expect(directivesOf(headers["content-security-policy"] ?? "").get("frame-ancestors"), path).toEqual(["'none'"]);
    }
    // The sign-out confirmation and the error page are HTML of next-auth's own.
    const signOut = await anonymous.get("/api/auth/signout", { maxRedirects: 0 });
    expect(signOut.headers()["content-type"]).toContain("text/html");
    expect(await signOut.text()).toContain("<form");
    await anonymous.dispose();
  });

  test("static assets are left alone", async ({ request }) => {
    const html = await (await request.get("/")).text();
    const chunk = html.match(/src="(\/_next\/static\/[^"]+\.js)"/)?.[1];
    expect(chunk).toBeTruthy();
    const response = await request.get(chunk!);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-security-policy"]).toBeUndefined();
    expect(response.headers()["cache-control"]).toContain("immutable");
  });

  test("the Console works under the policy: no CSP violation from sign-in to the Create API Key dialog", async ({
    browser,
  }) => {
    const page = await signedOutPage(browser);
    const problems: string[] = [];
    page.on("console", (message: ConsoleMessage) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
    // The browser's own report, in case a violation is not logged to the console.
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    const documents: string[] = [];
    page.on("response", (response) => {
      if (response.request().resourceType() === "document") {
        documents.push(response.url());
        expect(response.headers()["content-security-policy"], response.url()).toMatch(NONCE);
      }
    });

    await signIn(page);
    await openDemoResource(page);
    await page.getByRole("button", { name: "Create API Key" }).first().click();
    const dialog = createDialog(page);
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel("Name")).toBeFocused();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await page.keyboard.press("Escape"); // nothing else open: a no-op, but exercises the handlers

    expect(documents.length).toBeGreaterThan(0);
    expect(problems.filter((problem) => CSP_VIOLATION.test(problem))).toEqual([]);
    expect(problems.filter((problem) => problem.startsWith("pageerror"))).toEqual([]);
    await page.context().close();
  });
});
