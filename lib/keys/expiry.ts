// Key lifetimes: the presets, the duration syntax (`30d`, `24h`) that the CLI and the roll grace period
// use, and the workspace policy's rule — one module for the Console, the REST API and the CLI, so the
// three agree on what a date means and on what the policy allows. No zod here, no server code.

export const API_KEY_PERMISSIONS = ["read-write", "read-only"] as const;
export type ApiKeyPermission = (typeof API_KEY_PERMISSIONS)[number];

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const DEFAULT_LIFETIME_DAYS = 90;
export const GRACE_PERIOD_MAX_MS = 7 * DAY_MS;
/** The longest maximum lifetime a policy may set (ten years). */
export const POLICY_MAX_LIFETIME_DAYS = 3650;
// Clocks and transit: a preset computed by a browser or the CLI a moment ago still fits the policy.
const POLICY_SLACK_MS = MINUTE_MS;

/** The Create API Key dialog's choices ("date" and "never" besides). */
export const EXPIRY_PRESETS = [
  { value: "7d", label: "7 days", days: 7 },
  { value: "30d", label: "30 days", days: 30 },
  { value: "90d", label: "90 days", days: 90 },
  { value: "1y", label: "1 year", days: 365 },
] as const;

/** The Roll dialog's choices for the old key. */
export const GRACE_PRESETS = [
  { value: "now", label: "Now" },
  { value: "1h", label: "1 hour" },
  { value: "24h", label: "24 hours" },
  { value: "7d", label: "7 days" },
] as const;

export const DATE_ONLY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DURATION_PATTERN = /^(\d{1,5})([smhdwy])$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: MINUTE_MS, h: HOUR_MS, d: DAY_MS, w: 7 * DAY_MS, y: 365 * DAY_MS };

/** "30d" → milliseconds (s, m, h, d, w, y = 365 d); null when it is not such a duration or is 0. */
export function parseDuration(text: string): number | null {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match) return null;
  const ms = Number(match[1]) * UNIT_MS[match[2]!]!;
  return ms > 0 ? ms : null;
}

/** A date alone ("2027-03-01") means the key works through that day (UTC). An impossible date is NaN. */
export function dateOnlyToExpiry(date: string): Date {
  const start = new Date(`${date}T00:00:00.000Z`);
  if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== date) return new Date(Number.NaN);
  return new Date(start.getTime() + DAY_MS - 1);
}

export type KeyPolicy = { maxLifetimeDays: number | null; neverExpiresAllowed: boolean };
export const NO_POLICY: KeyPolicy = { maxLifetimeDays: null, neverExpiresAllowed: true };

export type ExpiryDecision = { ok: true; expiresAt: Date | null } | { ok: false; message: string };

/** The lifetime a new key gets when the request names none: 90 days, or the policy's maximum if shorter. */
export function defaultExpiry(policy: KeyPolicy, now: number): Date {
  return new Date(now + Math.min(DEFAULT_LIFETIME_DAYS, policy.maxLifetimeDays ?? DEFAULT_LIFETIME_DAYS) * DAY_MS);
}

const days = (count: number) => `${count} day${count === 1 ? "" : "s"}`;

/** Applies the workspace policy to a requested expiry (undefined: the default; null: never). */
export function decideExpiry(requested: Date | null | undefined, policy: KeyPolicy, now: number): ExpiryDecision {
  if (requested === undefined) return { ok: true, expiresAt: defaultExpiry(policy, now) };
  if (requested === null) {
    if (policy.neverExpiresAllowed) return { ok: true, expiresAt: null };
    const limit = policy.maxLifetimeDays === null ? "" : ` of at most ${days(policy.maxLifetimeDays)}`;
    return { ok: false, message: `This workspace's key policy requires every key to expire: choose an expiry${limit}.` };
  }
  if (requested.getTime() <= now) return { ok: false, message: "Choose an expiry in the future." };
  if (policy.maxLifetimeDays !== null && requested.getTime() > now + policy.maxLifetimeDays * DAY_MS + POLICY_SLACK_MS) {
    const latest = new Date(now + policy.maxLifetimeDays * DAY_MS).toISOString();
    return {
      ok: false,
      message: `This workspace's key policy allows keys to live at most ${days(policy.maxLifetimeDays)}: choose an expiry no later than ${latest}.`,
    };
  }
  return { ok: true, expiresAt: requested };
}

/**
 * A rolled key's successor keeps the old key's lifetime (creation to expiry), counted from now, within
 * today's policy: a key that never expired keeps never expiring unless the policy now forbids it, and
 * a lifetime longer than the policy's maximum is cut to it. A roll never fails on the policy.
 */
export function successorExpiry(old: { createdAt: Date; expiresAt: Date | null }, policy: KeyPolicy, now: number): Date | null {
  const maxMs = policy.maxLifetimeDays === null ? null : policy.maxLifetimeDays * DAY_MS;
  if (old.expiresAt === null) {
    if (policy.neverExpiresAllowed) return null;
    return new Date(now + (maxMs ?? DEFAULT_LIFETIME_DAYS * DAY_MS));
  }
  const lifetime = Math.max(old.expiresAt.getTime() - old.createdAt.getTime(), HOUR_MS);
  return new Date(now + (maxMs === null ? lifetime : Math.min(lifetime, maxMs)));
}
