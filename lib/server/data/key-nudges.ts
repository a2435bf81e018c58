import "server-only";
import { cutoff, type NudgeThresholds } from "@/lib/keys/nudges";
import type { UpdateKeyNudgesInput } from "@/lib/schemas/key-policy";
import type { Prisma } from "@/lib/generated/prisma/client";
import { authorize, type Actor } from "../authz";
import { db } from "../db";
import { auditRecorder } from "./audit-log";
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

/**
 * Admins only. The list and the counts use the new thresholds from the next render on. A change is
 * audited in the same transaction ("key_reminders.changed", with the thresholds before and after).
 */
export async function updateNudgeThresholds(actor: Actor, input: UpdateKeyNudgesInput): Promise<NudgeThresholds> {
  const { workspaceId } = await authorize(actor, { workspaceId: input.workspaceId }, "workspace:admin");
  const audit = await auditRecorder(actor);
  const select = { name: true, ...thresholdSelect } as const;
  return (await db()).$transaction(async (tx) => {
    const before = await tx.workspace.findUnique({ where: { id: workspaceId }, select });
    if (!before) throw notFound("Workspace");
    const row = await tx.workspace.update({
      where: { id: workspaceId },
      data: { keyRotateAfterDays: input.rotateAfterDays, keyUnusedAfterDays: input.unusedAfterDays, keyNeverUsedAfterDays: input.neverUsedAfterDays },
      select,
    });
    const [from, to] = [toThresholds(before), toThresholds(row)];
    if (JSON.stringify(from) !== JSON.stringify(to)) {
      await audit(tx, { workspaceId, action: "key_reminders.changed", object: { type: "workspace", id: workspaceId, name: row.name }, details: { from, to } });
    }
    return to;
  });
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

export type ResourceNudges = NudgeCounts & { resourceId: string; resourceName: string; projectId: string; projectName: string };
export type WorkspaceNudges = NudgeCounts & { thresholds: NudgeThresholds; resources: ResourceNudges[] };

/** The most flagged resources the workspace page links to. */
const RESOURCES_SHOWN = 10;

/** The workspace page's counts, in all and for its most flagged resources (Billing, which sees no keys, is refused). */
export async function countKeyNudges(actor: Actor, workspaceId: string, now = Date.now()): Promise<WorkspaceNudges> {
  await authorize(actor, { workspaceId }, "key:read");
  const thresholds = await readNudgeThresholds(workspaceId);
  const prisma = await db();
  const byResource = async (where: Prisma.ApiKeyWhereInput | null) =>
    where
      ? new Map(
          (await prisma.apiKey.groupBy({ by: ["resourceId"], where: { AND: [{ workspaceId }, where] }, _count: { _all: true } })).map(
            (group) => [group.resourceId, group._count._all] as const,
          ),
        )
      : new Map<string, number>();
  const [rotate, unused] = await Promise.all([byResource(rotateWhere(thresholds, now)), byResource(unusedWhere(thresholds, now))]);
  const ids = [...new Set([...rotate.keys(), ...unused.keys()])];
  const resources = ids.length
    ? await prisma.resource.findMany({ where: { id: { in: ids }, workspaceId }, select: { id: true, name: true, projectId: true, project: { select: { name: true } } } })
    : [];
  const sum = (counts: Map<string, number>) => [...counts.values()].reduce((total, count) => total + count, 0);
  return {
    rotate: sum(rotate),
    unused: sum(unused),
    thresholds,
    resources: resources
      .map((resource) => ({
        resourceId: resource.id,
        resourceName: resource.name,
        projectId: resource.projectId,
        projectName: resource.project.name,
        rotate: rotate.get(resource.id) ?? 0,
        unused: unused.get(resource.id) ?? 0,
      }))
      .sort((a, b) => b.rotate + b.unused - (a.rotate + a.unused) || a.resourceName.localeCompare(b.resourceName))
      .slice(0, RESOURCES_SHOWN),
  };
}
