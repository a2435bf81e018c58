import { describe, expect, it } from "vitest";
import { DAY_MS } from "./expiry";
import { cutoff, DEFAULT_NUDGE_THRESHOLDS as DEFAULTS, describeNudge, isUnused, keyNudges, needsRotation } from "./nudges";

const now = Date.parse("2026-12-01T12:00:00Z");
const ago = (days: number) => new Date(now - days * DAY_MS);
const key = (over: Partial<{ createdAt: Date; lastUsedAt: Date | null; expiresAt: Date | null; rolledToId: string | null }>) => ({
  createdAt: ago(1),
  lastUsedAt: ago(0),
  expiresAt: null,
  rolledToId: null,
  ...over,
});

describe("key nudges", () => {
  it("flags a key for rotation from its 90th day, not before", () => {
    expect(needsRotation(key({ createdAt: ago(89.99) }), DEFAULTS, now)).toBe(false);
    expect(needsRotation(key({ createdAt: ago(90) }), DEFAULTS, now)).toBe(true);
    expect(keyNudges(key({ createdAt: ago(200) }), DEFAULTS, now)).toEqual(["rotate"]);
  });

  it("flags a key not used for 30 days", () => {
    expect(isUnused(key({ createdAt: ago(60), lastUsedAt: ago(29) }), DEFAULTS, now)).toBe(false);
    expect(isUnused(key({ createdAt: ago(60), lastUsedAt: ago(30) }), DEFAULTS, now)).toBe(true);
  });

  it("flags a key never used 7 days after it was created, not a new one", () => {
    expect(isUnused(key({ createdAt: ago(6), lastUsedAt: null }), DEFAULTS, now)).toBe(false);
    expect(isUnused(key({ createdAt: ago(7), lastUsedAt: null }), DEFAULTS, now)).toBe(true);
    // Never used is judged from creation, not by the 30-day rule.
    expect(isUnused(key({ createdAt: ago(8), lastUsedAt: null }), { ...DEFAULTS, unusedAfterDays: 365 }, now)).toBe(true);
  });

  it("gives an old, unused key both flags, rotate first", () => {
    expect(keyNudges(key({ createdAt: ago(120), lastUsedAt: ago(45) }), DEFAULTS, now)).toEqual(["rotate", "unused"]);
  });

  it("leaves expired and rolled keys alone", () => {
    const old = { createdAt: ago(365), lastUsedAt: null };
    expect(keyNudges(key({ ...old, expiresAt: ago(1) }), DEFAULTS, now)).toEqual([]);
    expect(keyNudges(key({ ...old, expiresAt: new Date(now) }), DEFAULTS, now)).toEqual([]);
    expect(keyNudges(key({ ...old, rolledToId: "key_successor" }), DEFAULTS, now)).toEqual([]);
    expect(keyNudges(key({ ...old, expiresAt: new Date(now + DAY_MS) }), DEFAULTS, now)).toEqual(["rotate", "unused"]);
  });

  it("uses the workspace's thresholds, and null turns a nudge off", () => {
    const strict = { rotateAfterDays: 30, unusedAfterDays: 7, neverUsedAfterDays: 1 };
    expect(keyNudges(key({ createdAt: ago(31), lastUsedAt: ago(8) }), strict, now)).toEqual(["rotate", "unused"]);
    expect(keyNudges(key({ createdAt: ago(2), lastUsedAt: null }), strict, now)).toEqual(["unused"]);
    const off = { rotateAfterDays: null, unusedAfterDays: null, neverUsedAfterDays: null };
    expect(keyNudges(key({ createdAt: ago(3000), lastUsedAt: null }), off, now)).toEqual([]);
    expect(keyNudges(key({ createdAt: ago(3000), lastUsedAt: ago(3000) }), off, now)).toEqual([]);
  });

  it("gives the database the same instants as the rules", () => {
    expect(cutoff(90, now)).toEqual(ago(90));
    expect(cutoff(null, now)).toBeNull();
  });

  it("says why a key is flagged", () => {
    const createdAt = ago(100).toISOString();
    expect(describeNudge("rotate", { createdAt, lastUsedAt: null }, now)).toBe("Created 100 days ago: roll it to a new key.");
    expect(describeNudge("unused", { createdAt, lastUsedAt: null }, now)).toMatch(/^Never used in the 100 days/);
    expect(describeNudge("unused", { createdAt, lastUsedAt: ago(45).toISOString() }, now)).toMatch(/^Not used for 45 days/);
  });
});
