import { describe, expect, it } from "vitest";
import { loginPathFor, safeRedirectPath } from "./redirects";

describe("safeRedirectPath", () => {
  it.each([
    ["/", "/"],
    ["/wksp_abc", "/wksp_abc"],
    ["/wksp_x/proj_y?tab=1#a", "/wksp_x/proj_y?tab=1#a"],
    ["/invitations/inv_0123456789abcdef", "/invitations/inv_0123456789abcdef"],
    ["/auth/cli?state=abc&redirect=http%3A%2F%2F127.0.0.1%3A5000%2Fcallback", "/auth/cli?state=abc&redirect=http%3A%2F%2F127.0.0.1%3A5000%2Fcallback"],
    // Encoded slashes and backslashes stay encoded: no browser reads them as a host separator.
    ["/%2F/evil", "/%2F/evil"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["/%5C%5Cevil.example", "/%5C%5Cevil.example"],
    ["/%09/evil.example", "/%09/evil.example"],
    // Normalised the way a browser would.
    ["/a/./b/../c", "/a/c"],
    ["/a b", "/a%20b"],
    ["/@evil.example", "/@evil.example"],
    // Look-alike slashes are ordinary path characters.
    ["/\uff0f\uff0fevil.example", "/%EF%BC%8F%EF%BC%8Fevil.example"],
    ["/\u2215evil.example", "/%E2%88%95evil.example"],
  ])("keeps the same-origin path %j as %j", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });

  it.each([
    // Other origins, with and without a scheme.
    "https://evil.example",
    "http://evil.example/path",
    "//evil.example",
    "///evil.example",
    "\\\\evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "\\/evil.example",
    // Schemes that run code or carry content.
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    // Tabs, newlines and other control characters that browsers strip or split on (the audit's
    // "/%09/evil.example" reaches us decoded, as a real tab).
    "/\t/evil.example",
    "/\t\\evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\u0000/evil.example",
    "/\u007f/evil.example",
    "/\u0085/evil.example",
    "/wksp\t_x",
    // Leading spaces and relative paths.
    " //evil.example",
    "  /wksp_x",
    "evil.example",
    "wksp_x",
    ".//evil.example",
    // Paths that normalise to "//host".
    "/.//evil.example",
    "/..//evil.example",
    "/a/..//evil.example",
    "/a/../\\evil.example",
    "/./\\evil.example",
    // Not a string, or absurdly long.
    "",
    `/${"a".repeat(3000)}`,
  ])("refuses %j", (input) => {
    expect(safeRedirectPath(input)).toBe("/");
  });

  it.each([undefined, null, 42, ["/wksp_x"], { toString: () => "/wksp_x" }])("refuses the non-string %j", (input) => {
    expect(safeRedirectPath(input)).toBe("/");
  });

  it("uses the given fallback", () => {
    expect(safeRedirectPath("//evil.example", "/wksp_home")).toBe("/wksp_home");
    expect(safeRedirectPath(undefined, "")).toBe("");
  });

  it("never returns a path that a browser would resolve to another origin", () => {
    const corpus = ["/", "\\", "/\\", "\t", "\n", " ", ".", "..", "%2F", "%5C", "%09", "evil.example", "@", ":", "?", "#", "\u3002"];
    for (const a of corpus) {
      for (const b of corpus) {
        for (const c of corpus) {
          const result = safeRedirectPath(`/${a}${b}${c}evil.example`, "/");
          const url = new URL(result, "https://console.example");
          expect(url.origin, JSON.stringify(`/${a}${b}${c}`)).toBe("https://console.example");
          expect(result.startsWith("//") || result.startsWith("/\\")).toBe(false);
        }
      }
    }
  });
});

describe("loginPathFor", () => {
  it("keeps a same-origin page as next, and drops the home page, a missing path and anything off-site", () => {
    expect(loginPathFor("/wksp_a/proj_b?tab=keys")).toBe(`/login?next=${encodeURIComponent("/wksp_a/proj_b?tab=keys")}`);
    expect(loginPathFor("/")).toBe("/login");
    expect(loginPathFor(null)).toBe("/login");
    expect(loginPathFor("//evil.example")).toBe("/login");
    expect(loginPathFor("/\t/evil.example")).toBe("/login");
  });
});
