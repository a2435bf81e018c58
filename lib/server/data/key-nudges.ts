import "server-only";
import { cutoff, type NudgeThresholds } from "@/lib/keys/nudges";
import type { UpdateKeyNudgesInput } from "@/lib/schemas/key-policy";
import type { Prisma } from "@/lib/generated/prisma/client";
import { authorize, type Actor } from "../authz";
import { db } from "../db";
import { notFound } from "../errors";

// The thresholds of a workspace's nudges ("Rotate", "Unused — delete?") and the counts the workspace
// page shows. The rules themselves are lib/keys/nudges.ts; the filters below are the same rules as
// database conditions (`at <= cutoff` is `now - at >= days`), so a count never disagrees with the
// badges in the list. Every member may read the thresholds; only Admins change them.

const thresholdSelect = { keyRotateAfterDays: true, keyUnusedAfterDays: true, keyNeverUsedAfterDays: true } as const;

function toThresholds(row: { keyRotateAfterDays: number | null; keyUnusedAfterDays: number | null; keyNeverUsedAfterDays: number | null }): NudgeThresholds {
  return { rotateAfterDays: row.keyRotateAfterDays, unusedAfterDays: row.keyUnusedAfterDays, neverUsedAfterDays: row.keyNeverUsedAfterDays };
}

/** The thresholds as stored; for the data layer, after it has authorized the caller. */
export async function readNudgeThresholds(workspaceId: string): Promise<NudgeThresholds> {
  const row = await (await db()).workspace.findUnique({ where: { id: workspaceId }, select: thresholdSelect });
  if (!row) throw notFound("Workspace");
  return toThresholds(row);
}

export async function getNudgeThresholds(actor: Actor, workspaceId: string): Promise<NudgeThresholds> {
  await authorize(actor, { workspaceId }, "workspace:read");
  return readNudgeThresholds(workspaceId);
}

/** Admins only. The list and the counts use the new thresholds from the next render on. */
export async function updateNudgeThresholds(actor: Actor, input: UpdateKeyNudgesInput): Promise<NudgeThresholds> {
  await authorize(actor, { workspaceId: input.workspaceId }, "workspace:admin");
  const row = await (await db()).workspace.update({
    where: { id: input.workspaceId },
    data: { keyRotateAfterDays: input.rotateAfterDays, keyUnusedAfterDays: input.unusedAfterDays, keyNeverUsedAfterDays: input.neverUsedAfterDays },
    select: thresholdSelect,
  });
  return toThresholds(row);
}

/** Neither expired nor rolled: lib/keys/nudges.ts's isActive. */
function activeWhere(now: number): Prisma.ApiKeyWhereInput {
  return { rolledToId: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date(now) } }] };
}

/** needsRotation as a filter; null when the nudge is off. */
export function rotateWhere(thresholds: NudgeThresholds, now: number): Prisma.ApiKeyWhereInput | null {
  const before = cutoff(thresholds.rotateAfterDays, now);
  return before && { AND: [activeWhere(now), { createdAt: { lte: before } }] };
}

/** isUnused as a filter; null when both of its thresholds are off. */
export function unusedWhere(thresholds: NudgeThresholds, now: number): Prisma.ApiKeyWhereInput | null {
  const unusedBefore = cutoff(thresholds.unusedAfterDays, now);
  const neverUsedBefore = cutoff(thresholds.neverUsedAfterDays, now);
  const either: Prisma.ApiKeyWhereInput[] = [
    ...(neverUsedBefore ? [{ lastUsedAt: null, createdAt: { lte: neverUsedBefore } }] : []),
    ...(unusedBefore ? [{ lastUsedAt: { lte: unusedBefore } }] : []),
  ];
  return either.length === 0 ? null : { AND: [activeWhere(now), { OR: either }] };
}

export type NudgeCounts = { rotate: number; unused: number };

/** How many keys within `scope` (a workspace, a resource) are flagged "rotate" and "unused". */
export async function countNudges(scope: Prisma.ApiKeyWhereInput, thresholds: NudgeThresholds, now: number): Promise<NudgeCounts> {
  const prisma = await db();
  const count = (where: Prisma.ApiKeyWhereInput | null) => (where ? prisma.apiKey.count({ where: { AND: [scope, where] } }) : Promise.resolve(0));
  const [rotate, unused] = await Promise.all([count(rotateWhere(thresholds, now)), count(unusedWhere(thresholds, now))]);
  return { rotate, unused };
}

/** The workspace page's counts (Billing, which sees no keys, is refused). */
export async function countKeyNudges(actor: Actor, workspaceId: string, now = Date.now()): Promise<NudgeCounts & { thresholds: NudgeThresholds }> {
  await authorize(actor, { workspaceId }, "key:read");
  const thresholds = await readNudgeThresholds(workspaceId);
  return { ...(await countNudges({ workspaceId }, thresholds, now)), thresholds };
}
