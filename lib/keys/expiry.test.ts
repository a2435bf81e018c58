import { describe, expect, it } from "vitest";
import { DAY_MS, dateOnlyToExpiry, decideExpiry, NO_POLICY, parseDuration, successorExpiry } from "./expiry";

const now = Date.parse("2026-12-01T12:00:00Z");

describe("key expiry", () => {
  it("reads durations and dates", () => {
    expect(parseDuration("30d")).toBe(30 * DAY_MS);
    expect(parseDuration("24h")).toBe(DAY_MS);
    expect(parseDuration("1y")).toBe(365 * DAY_MS);
    for (const bad of ["0d", "30", "d", "-1d", "1.5d", "30days"]) expect(parseDuration(bad)).toBeNull();
    expect(dateOnlyToExpiry("2027-03-01").toISOString()).toBe("2027-03-01T23:59:59.999Z");
    expect(Number.isNaN(dateOnlyToExpiry("2027-02-30").getTime())).toBe(true);
  });

  it("defaults to 90 days, or the policy's maximum when shorter", () => {
    expect(decideExpiry(undefined, NO_POLICY, now)).toEqual({ ok: true, expiresAt: new Date(now + 90 * DAY_MS) });
    expect(decideExpiry(undefined, { maxLifetimeDays: 30, neverExpiresAllowed: false }, now)).toEqual({ ok: true, expiresAt: new Date(now + 30 * DAY_MS) });
  });

  it("enforces the policy with a message that says what is allowed", () => {
    const policy = { maxLifetimeDays: 90, neverExpiresAllowed: false };
    expect(decideExpiry(null, policy, now)).toEqual({ ok: false, message: "This workspace's key policy requires every key to expire: choose an expiry of at most 90 days." });
    const tooLate = decideExpiry(new Date(now + 91 * DAY_MS), policy, now);
    expect(tooLate).toEqual({ ok: false, message: expect.stringContaining("at most 90 days: choose an expiry no later than 2027-03-01T12:00:00.000Z") });
    expect(decideExpiry(new Date(now + 90 * DAY_MS), policy, now).ok).toBe(true);
    expect(decideExpiry(new Date(now - 1), NO_POLICY, now)).toEqual({ ok: false, message: "Choose an expiry in the future." });
    expect(decideExpiry(null, NO_POLICY, now)).toEqual({ ok: true, expiresAt: null });
  });

  it("gives a rolled key's successor the old lifetime, within today's policy", () => {
    const createdAt = new Date(now - 10 * DAY_MS);
    expect(successorExpiry({ createdAt, expiresAt: new Date(createdAt.getTime() + 30 * DAY_MS) }, NO_POLICY, now)).toEqual(new Date(now + 30 * DAY_MS));
    expect(successorExpiry({ createdAt, expiresAt: null }, NO_POLICY, now)).toBeNull();
    expect(successorExpiry({ createdAt, expiresAt: null }, { maxLifetimeDays: 7, neverExpiresAllowed: false }, now)).toEqual(new Date(now + 7 * DAY_MS));
    expect(successorExpiry({ createdAt, expiresAt: new Date(now + 355 * DAY_MS) }, { maxLifetimeDays: 90, neverExpiresAllowed: true }, now)).toEqual(new Date(now + 90 * DAY_MS));
  });
});
