import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AuditAction, AuditActorType, AuditObjectType } from "@/lib/schemas/audit-actions";
import { auditLogFilterSchema, encodeAuditCursor, type AuditLogFilter, type AuditLogFilterInput } from "@/lib/schemas/audit-log";
import { authorize, type Actor } from "../authz";
import { db } from "../db";
import type { AuditPath } from "../request-origin";
import { recordExpiredKeys } from "./audit-expiry";

// Reading a workspace's audit log: Admins only (a Viewer, Developer, Billing member or service
// token is refused; a non-member sees "not found"), newest first, keyset-paginated on
// (createdAt, id) so that pages never skip or repeat an entry however many are written meanwhile.

export type AuditLogEntryDto = {
  id: string;
  createdAt: string;
  action: AuditAction;
  actor: {
    type: AuditActorType;
    /** The user who acted; for a service token, its owner (the user who created it). */
    userId: string | null;
    name: string | null;
    email: string | null;
    /** The access token the request carried (never its value). */
    tokenId: string | null;
    tokenName: string | null;
  };
  object: { type: AuditObjectType; id: string | null; name: string | null };
  path: AuditPath;
  address: string | null;
  userAgent: string | null;
  details: Record<string, unknown> | null;
};

export type AuditLogPage = { items: AuditLogEntryDto[]; hasMore: boolean; nextCursor: string | null };

const select = {
  id: true,
  createdAt: true,
  action: true,
  actorType: true,
  actorUserId: true,
  actorName: true,
  actorEmail: true,
  tokenId: true,
  tokenName: true,
  objectType: true,
  objectId: true,
  objectName: true,
  path: true,
  address: true,
  userAgent: true,
  details: true,
} as const;

type Row = Prisma.AuditLogEntryGetPayload<{ select: typeof select }>;

function toDto(row: Row): AuditLogEntryDto {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    action: row.action as AuditAction,
    actor: {
      type: row.actorType as AuditActorType,
      userId: row.actorUserId,
      name: row.actorName,
      email: row.actorEmail,
      tokenId: row.tokenId,
      tokenName: row.tokenName,
    },
    object: { type: row.objectType as AuditObjectType, id: row.objectId, name: row.objectName },
    path: row.path as AuditPath,
    address: row.address,
    userAgent: row.userAgent,
    details: (row.details as Record<string, unknown> | null) ?? null,
  };
}

function whereOf(workspaceId: string, filter: AuditLogFilter): Prisma.AuditLogEntryWhereInput {
  const and: Prisma.AuditLogEntryWhereInput[] = [{ workspaceId }];
  const { actor } = filter;
  if (actor && "userId" in actor) and.push({ actorUserId: actor.userId });
  if (actor && "tokenId" in actor) and.push({ tokenId: actor.tokenId });
  if (actor && "email" in actor) and.push({ actorEmail: { equals: actor.email, mode: "insensitive" } });
  if (filter.action) and.push({ action: filter.action });
  if (filter.objectType) and.push({ objectType: filter.objectType });
  if (filter.objectId) and.push({ objectId: filter.objectId });
  if (filter.from) and.push({ createdAt: { gte: filter.from } });
  if (filter.to) and.push({ createdAt: { lt: filter.to } });
  if (filter.cursor) {
    const { createdAt, id } = filter.cursor;
    and.push({ OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] });
  }
  return { AND: and };
}

/** One page of a workspace's audit log; `rawFilter` is the shared filter schema's input (strings). */
export async function listAuditLog(actor: Actor, workspaceId: string, rawFilter: AuditLogFilterInput = {}): Promise<AuditLogPage> {
  const filter = auditLogFilterSchema.parse(rawFilter);
  await authorize(actor, { workspaceId }, "workspace:admin");
  // Expiries are written after the fact (./audit-expiry.ts): the log is complete when it is read.
  await recordExpiredKeys({ workspaceId });
  const prisma = await db();
  const rows = await prisma.auditLogEntry.findMany({
    where: whereOf(workspaceId, filter),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: filter.limit + 1,
    select,
  });
  const hasMore = rows.length > filter.limit;
  const items = rows.slice(0, filter.limit).map(toDto);
  const last = items.at(-1);
  return { items, hasMore, nextCursor: hasMore && last ? encodeAuditCursor(last) : null };
}
