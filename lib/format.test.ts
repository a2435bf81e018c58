import { describe, expect, it } from "vitest";
import { countOf, formatDate, formatRelative } from "./format";

describe("formatRelative", () => {
  const now = Date.parse("2026-11-27T12:00:00Z");
  it.each([
    ["2026-11-27T11:59:30Z", "just now"],
    ["2026-11-27T11:59:00Z", "1 minute ago"],
    ["2026-11-27T11:15:00Z", "45 minutes ago"],
    ["2026-11-27T09:00:00Z", "3 hours ago"],
    ["2026-11-26T12:00:00Z", "1 day ago"],
    ["2026-09-01T12:00:00Z", "Sep 1, 2026"],
  ])("%s → %s", (iso, expected) => {
    expect(formatRelative(iso, now)).toBe(expected);
  });

  it("formats dates in UTC so that server and browser agree", () => {
    expect(formatDate("2026-11-27T23:30:00Z")).toBe("Nov 27, 2026");
  });
});

describe("countOf", () => {
  it("says how many, with the noun's plural", () => {
    expect(countOf(0, "key")).toBe("No keys");
    expect(countOf(1, "key")).toBe("1 key");
    expect(countOf(56, "key")).toBe("56 keys");
    expect(countOf(1200, "access token")).toBe("1,200 access tokens");
  });
});
