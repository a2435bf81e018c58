import { describe, expect, it } from "vitest";
import { formatDate, records, rows, success, table } from "./output";

describe("output", () => {
  it("aligns key : value rows, name first, dates as the Console shows them", () => {
    const text = table(
      rows.apiKey({ id: "key_0123456789abcdef", name: "production-key", hint: "pcsk_…abcd", createdAt: "2026-11-27T10:00:00Z", lastUsedAt: null, createdBy: { name: "Demo User", email: "demo@example.com" } }),
      false,
    );
    expect(text).toBe(
      [
        "name       : production-key",
        "id         : key_0123456789abcdef",
        "hint       : pcsk_…abcd",
        "createdAt  : Nov 27, 2026",
        "lastUsedAt : Never",
        "createdBy  : Demo User <demo@example.com>",
      ].join("\n"),
    );
  });

  it("bolds the name only when colour is on", () => {
    const text = table([["name", "Acme"], ["id", "wksp_1"]], true);
    expect(text).toContain("\u001b[1mAcme\u001b[22m");
    expect(table([["name", "Acme"]], false)).not.toContain("\u001b");
  });

  it("leaves out rows without a value", () => {
    expect(table(rows.workspace({ id: "wksp_1", name: "Acme" }), false)).toBe("name : Acme\nid   : wksp_1");
  });

  it("strips terminal escapes and line breaks from server text", () => {
    expect(table([["name", "evil\u001b[2J\nname"]], false)).toBe("name : evil[2J name");
  });

  it("separates records by a blank line; an empty list is `No records found.`", () => {
    expect(records(["a : 1", "b : 2"])).toBe("a : 1\n\nb : 2");
    expect(records([])).toBe("No records found.");
  });

  it("formats success messages like the anchor", () => {
    expect(success("APIKey production-key - key_1 created.", false)).toBe("Success! APIKey production-key - key_1 created.");
    expect(success("x", true)).toBe("\u001b[32mSuccess!\u001b[39m x");
  });

  it("formats dates in UTC, en-US", () => {
    expect(formatDate("2026-01-01T23:59:59Z")).toBe("Jan 1, 2026");
    expect(formatDate(null)).toBe("Never");
  });
});
