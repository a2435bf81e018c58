// Nudges: the seed's "rotate keys regularly" and "delete unused keys" as flags on a key. A key is
// flagged **rotate** once it is older than the workspace's rotation age (90 days by default), and
// **unused** once it has not been used for 30 days, or was never used in the 7 days after it was
// created. Expired keys and keys already rolled (a successor exists, the old one is on its way
// out) get neither: there is nothing left to do about them but wait or delete.
//
// Pure functions with the clock passed in, so that the rules are tested without a database and
// the Console, the REST API and the counts on the workspace page agree. No zod, no server code.

import { DAY_MS } from "./expiry";

export const KEY_NUDGES = ["rotate", "unused"] as const;
export type KeyNudge = (typeof KEY_NUDGES)[number];

/** Days; null turns that nudge off. */
export type NudgeThresholds = {
  rotateAfterDays: number | null;
  unusedAfterDays: number | null;
  neverUsedAfterDays: number | null;
};

export const DEFAULT_NUDGE_THRESHOLDS: NudgeThresholds = { rotateAfterDays: 90, unusedAfterDays: 30, neverUsedAfterDays: 7 };
/** The longest threshold the settings accept (ten years). */
export const NUDGE_MAX_DAYS = 3650;

export type NudgeableKey = { createdAt: Date; lastUsedAt: Date | null; expiresAt: Date | null; rolledToId: string | null };

const olderThan = (at: Date, days: number | null, now: number) => days !== null && now - at.getTime() >= days * DAY_MS;

/** Whether a key is past its rotation age. */
export function needsRotation(key: NudgeableKey, thresholds: NudgeThresholds, now: number): boolean {
  return isActive(key, now) && olderThan(key.createdAt, thresholds.rotateAfterDays, now);
}

/** Whether a key has gone unused: none in `unusedAfterDays`, or never since `neverUsedAfterDays` after creation. */
export function isUnused(key: NudgeableKey, thresholds: NudgeThresholds, now: number): boolean {
  if (!isActive(key, now)) return false;
  return key.lastUsedAt === null
    ? olderThan(key.createdAt, thresholds.neverUsedAfterDays, now)
    : olderThan(key.lastUsedAt, thresholds.unusedAfterDays, now);
}

/** The flags a key shows, "rotate" first. */
export function keyNudges(key: NudgeableKey, thresholds: NudgeThresholds, now: number): KeyNudge[] {
  const nudges: KeyNudge[] = [];
  if (needsRotation(key, thresholds, now)) nudges.push("rotate");
  if (isUnused(key, thresholds, now)) nudges.push("unused");
  return nudges;
}

function isActive(key: NudgeableKey, now: number): boolean {
  return key.rolledToId === null && (key.expiresAt === null || key.expiresAt.getTime() > now);
}

/** The instant before which a threshold of `days` is passed, for database filters; null: that nudge is off. */
export function cutoff(days: number | null, now: number): Date | null {
  return days === null ? null : new Date(now - days * DAY_MS);
}

/** "Unused for 45 days", "Never used", for the badge's title. */
export function describeNudge(nudge: KeyNudge, key: { createdAt: string; lastUsedAt: string | null }, now: number): string {
  const days = (iso: string) => Math.floor((now - new Date(iso).getTime()) / DAY_MS);
  if (nudge === "rotate") return `Created ${days(key.createdAt)} days ago: roll it to a new key.`;
  return key.lastUsedAt === null
    ? `Never used in the ${days(key.createdAt)} days since it was created: delete it if nothing needs it.`
    : `Not used for ${days(key.lastUsedAt)} days: delete it if nothing needs it.`;
}
