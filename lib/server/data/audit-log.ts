import "server-only";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { AuditAction, AuditActorType, AuditObjectType } from "@/lib/schemas/audit-actions";
import { newId } from "@/lib/ids";
import type { Actor } from "../authz";
import { db } from "../db";
import type { AuditPath, RequestOrigin } from "../request-origin";

// The audit log's writer. Every change the log records is made by a data-layer function (shared by
// server actions and REST routes), which writes its entry with the same client as the change: in
// the same transaction (a batch `$transaction([...])` or an interactive one), so that a change
// without its entry cannot commit and an entry without its change is rolled back with it.
//
// Who acted is snapshotted once per change, before its transaction (auditRecorder): the user's
// name and email, the access token's id and name (never its value), and, for a service token, the
// user who created it. Where it came from is the Actor's origin (lib/server/request-origin.ts).
// What goes in `details` is ids, names, roles and dates: never a secret, nor any part of a
// connection string (it is stored only encrypted).

export type AuditChange = {
  workspaceId: string;
  action: AuditAction;
  object: { type: AuditObjectType; id: string | null; name: string | null };
  details?: Record<string, unknown>;
  /** For an entry that may be written at most once (an expiry); duplicates are skipped. */
  dedupeKey?: string;
  /** When it happened, if not now (an expiry: the instant the key stopped working). */
  at?: Date;
};

export type AuditActorSnapshot = {
  actorType: AuditActorType;
  actorUserId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  tokenId: string | null;
  tokenName: string | null;
  path: AuditPath;
  address: string | null;
  userAgent: string | null;
};

type Client = Pick<PrismaClient, "auditLogEntry"> | Prisma.TransactionClient;
type Reader = Pick<PrismaClient, "user" | "accessToken"> | Prisma.TransactionClient;

/** An Actor without an origin comes from code of our own (the demo seed, tests): recorded as such. */
const NO_ORIGIN: RequestOrigin = { path: "system", address: null, userAgent: null };

/** Who `actor` is, with names as they are now, for the entries of one change. */
export async function snapshotActor(actor: Actor, client?: Reader): Promise<AuditActorSnapshot> {
  const prisma = client ?? (await db());
  const origin = actor.origin ?? NO_ORIGIN;
  const where = { path: origin.path, address: origin.address, userAgent: origin.userAgent };
  const tokenId = actor.type === "service" ? actor.tokenId : (origin.tokenId ?? null);
  const token = tokenId
    ? await prisma.accessToken.findUnique({
        where: { id: tokenId },
        select: { name: true, createdBy: { select: { id: true, name: true, email: true } } },
      })
    : null;
  if (actor.type === "service") {
    const owner = token?.createdBy ?? null;
    return {
      actorType: "service_token",
      actorUserId: owner?.id ?? null,
      actorName: owner?.name ?? null,
      actorEmail: owner?.email ?? null,
      tokenId,
      tokenName: token?.name ?? null,
      ...where,
    };
  }
  const user = await prisma.user.findUnique({ where: { id: actor.userId }, select: { name: true, email: true } });
  return {
    actorType: "user",
    actorUserId: actor.userId,
    actorName: user?.name ?? null,
    actorEmail: user?.email ?? null,
    tokenId,
    tokenName: token?.name ?? null,
    ...where,
  };
}

/** The row of one entry, dated `at` unless the change says when it happened. */
export function auditRow(who: AuditActorSnapshot, change: AuditChange, at: Date): Prisma.AuditLogEntryCreateManyInput {
  return {
    id: newId("auditLogEntry"),
    workspaceId: change.workspaceId,
    createdAt: change.at ?? at,
    action: change.action,
    ...who,
    objectType: change.object.type,
    objectId: change.object.id,
    objectName: change.object.name,
    details: (change.details ?? undefined) as Prisma.InputJsonValue | undefined,
    dedupeKey: change.dedupeKey ?? null,
  };
}

/** Writes entries with `client`: awaited inside an interactive transaction, or an item of a batch one. */
export function writeAudit(client: Client, who: AuditActorSnapshot, ...changes: AuditChange[]) {
  // The entries of one change a millisecond apart, so that they list in the order they were made
  // (newest first: a resource's "connection set" above its "created").
  const now = Date.now();
  const data = changes.map((change, index) => auditRow(who, change, new Date(now + index)));
  return client.auditLogEntry.createMany({ data, skipDuplicates: true });
}

export type AuditRecorder = ((client: Client, ...changes: AuditChange[]) => ReturnType<typeof writeAudit>) & {
  who: AuditActorSnapshot;
};

/** Snapshots `actor` and returns the writer of this change's entries. */
export async function auditRecorder(actor: Actor): Promise<AuditRecorder> {
  const who = await snapshotActor(actor);
  return Object.assign((client: Client, ...changes: AuditChange[]) => writeAudit(client, who, ...changes), { who });
}

/** The workspaces a user belongs to: a change to their account (a token, a failed sign-in) is logged in each. */
export async function workspacesOf(client: Pick<PrismaClient, "membership"> | Prisma.TransactionClient, userId: string): Promise<string[]> {
  const rows = await client.membership.findMany({ where: { userId }, select: { workspaceId: true } });
  return rows.map((row) => row.workspaceId);
}

/** The system itself (an expiry): no person, no request. */
export const SYSTEM_ACTOR: AuditActorSnapshot = {
  actorType: "system",
  actorUserId: null,
  actorName: null,
  actorEmail: null,
  tokenId: null,
  tokenName: null,
  path: "system",
  address: null,
  userAgent: null,
};
