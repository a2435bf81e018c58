import { describe, expect, it } from "vitest";
import { EMBEDDED_DEMO_CONNECTION, isEmbeddedDemoConnection } from "@/lib/demo/embedded";
import { redact } from "@/lib/gateway/query/connections";
import { connectionLabel, connectionStringSchema, describeConnection } from "@/lib/schemas/database-connection";

describe("the connection-string schema", () => {
  it("accepts PostgreSQL URLs and describes them without the password", () => {
    const url = "postgresql://shop%40admin:p%40ss:w0rd@db.example.com:6543/shop%20db?sslmode=require";
    expect(connectionStringSchema.parse(`  ${url} `)).toBe(url);
    expect(describeConnection(url)).toEqual({ host: "db.example.com", port: 6543, name: "shop db", user: "shop@admin" });
    expect(describeConnection("postgres://u@[::1]/d")).toEqual({ host: "::1", port: 5432, name: "d", user: "u" });
    expect(connectionLabel(describeConnection("postgres://u@[::1]/d"))).toBe("u@[::1]:5432/d");
  });

  it("refuses anything else with a message that never echoes the value", () => {
    const cases: [string, RegExp][] = [
      ["", /Enter a connection string/],
      ["mysql://u:secretpw@h/d", /PostgreSQL connection string/],
      ["postgresql://u:secretpw@/d", /host/],
      ["postgresql://:secretpw@h/d", /user/],
      ["postgresql://u:secretpw@h", /database name/],
      ["postgresql://u:secretpw@h:99999/d", /not a valid connection string|port/],
      ["postgresql://u:secretpw@h/d?sslrootcert=/etc/passwd", /sslrootcert/],
      ["postgresql://u:secretpw@h/d?host=/var/run/postgresql", /"host" is not supported/],
      [`postgresql://u:secretpw@h/${"d".repeat(3000)}`, /at most 2048/],
      // The demo's embedded database is named under .invalid: no user-entered string may point there.
      [EMBEDDED_DEMO_CONNECTION, /\.invalid never resolves/],
      ["postgresql://u:secretpw@STOREFRONT-DEMO.embedded.invalid./d", /\.invalid never resolves/],
      ["postgresql://u:secretpw@invalid/d", /\.invalid never resolves/],
    ];
    for (const [value, message] of cases) {
      const result = connectionStringSchema.safeParse(value);
      expect(result.success).toBe(false);
      const text = result.error!.issues.map((issue) => issue.message).join(" ");
      expect(text).toMatch(message);
      expect(text).not.toContain("secretpw");
    }
  });

  it("recognises the demo's embedded marker, and only it", () => {
    expect(isEmbeddedDemoConnection(EMBEDDED_DEMO_CONNECTION)).toBe(true);
    expect(isEmbeddedDemoConnection("postgresql://demo@storefront-demo.embedded.invalid.example.com/storefront")).toBe(false);
    expect(isEmbeddedDemoConnection("postgresql://demo@db.example.com/storefront")).toBe(false);
    expect(isEmbeddedDemoConnection("not a url")).toBe(false);
  });

  it("redacts connection strings and a known password from messages", () => {
    expect(redact('connect to "postgresql://u:pw@h/d" failed for hunter22', "hunter22")).toBe("connect to [redacted] failed for [redacted]");
  });
});
