import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ChangeMemberRoleInput, LeaveWorkspaceInput, RemoveMemberInput } from "@/lib/schemas/member";
import { authorize, requireUserActor, type Actor } from "../authz";
import { db } from "../db";
import { AppError, forbidden, notFound } from "../errors";
import { auditRecorder, type AuditRecorder } from "./audit-log";

// Every change to who is in a workspace and with which role (a role change, a removal, leaving,
// joining through an invitation, making an invitation) starts by locking the workspace's row, so
// the changes of one workspace run one after another. The "another Admin remains" count and the
// caller's own Admin role are then read under the lock, where no concurrent change can make them
// stale: under READ COMMITTED without it, two Admins demoting each other both counted the other as
// an Admin and both succeeded (issue 8: 14 of 15 workspaces ended with no Admin).
//
// FOR NO KEY UPDATE rather than FOR UPDATE: it conflicts with itself (and with renaming the
// workspace) but not with the KEY SHARE lock that inserting a project or a key takes on the
// workspace row through its foreign key, so those never wait for a membership change.

/** Inside a transaction: waits for, then holds, the workspace's membership lock until commit. */
export async function lockWorkspaceMemberships(tx: Prisma.TransactionClient, workspaceId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Workspace" WHERE id = ${workspaceId} FOR NO KEY UPDATE`;
  if (rows.length === 0) throw notFound("Workspace");
}

/**
 * Under the lock: the caller is still an Admin. authorize() ran before the lock was taken, and a
 * concurrent change may have demoted or removed the caller since.
 */
export async function assertStillAdmin(tx: Prisma.TransactionClient, workspaceId: string, userId: string): Promise<void> {
  const membership = await tx.membership.findUnique({
    where: { userId_workspaceId: { userId, workspaceId } },
    select: { role: true },
  });
  if (!membership) throw notFound("Workspace");
  if (membership.role !== "ADMIN") throw forbidden();
}

async function assertAnotherAdminRemains(tx: Prisma.TransactionClient, workspaceId: string, userId: string) {
  const otherAdmins = await tx.membership.count({ where: { workspaceId, role: "ADMIN", userId: { not: userId } } });
  if (otherAdmins === 0) {
    throw new AppError("conflict", "A workspace needs at least one Admin. Make someone else Admin first.");
  }
}

/**
 * An invitation grants its role on its sender's authority, so the sender's pending invitations go
 * when they stop being an Admin: in the same transaction as the demotion, removal or departure.
 */
async function revokeInvitationsSentBy(tx: Prisma.TransactionClient, workspaceId: string, userId: string) {
  await tx.invitation.deleteMany({ where: { workspaceId, invitedById: userId, acceptedAt: null } });
}

async function findMembership(tx: Prisma.TransactionClient, workspaceId: string, userId: string) {
  const membership = await tx.membership.findUnique({
    where: { userId_workspaceId: { userId, workspaceId } },
    select: { id: true, role: true, user: { select: { email: true } } },
  });
  if (!membership) throw notFound("Member");
  return membership;
}

/** authorize() as an Admin, then a transaction holding the workspace's lock with the caller re-checked under it. */
async function asLockedAdmin<T>(
  actor: Actor,
  workspaceId: string,
  work: (tx: Prisma.TransactionClient, workspaceId: string, audit: AuditRecorder) => Promise<T>,
): Promise<T> {
  const authorized = await authorize(actor, { workspaceId }, "workspace:admin");
  const { userId } = requireUserActor(actor);
  const prisma = await db();
  const audit = await auditRecorder(actor);
  return prisma.$transaction(async (tx) => {
    await lockWorkspaceMemberships(tx, authorized.workspaceId);
    await assertStillAdmin(tx, authorized.workspaceId, userId);
    return work(tx, authorized.workspaceId, audit);
  });
}

const memberObject = (userId: string, email: string) => ({ type: "member", id: userId, name: email }) as const;

export async function changeMemberRole(actor: Actor, input: ChangeMemberRoleInput): Promise<{ workspaceId: string }> {
  return asLockedAdmin(actor, input.workspaceId, async (tx, workspaceId, audit) => {
    const membership = await findMembership(tx, workspaceId, input.userId);
    if (membership.role === "ADMIN" && input.role !== "ADMIN") {
      await assertAnotherAdminRemains(tx, workspaceId, input.userId);
      await revokeInvitationsSentBy(tx, workspaceId, input.userId);
    }
    await tx.membership.update({ where: { id: membership.id }, data: { role: input.role } });
    if (membership.role !== input.role) {
      await audit(tx, {
        workspaceId,
        action: "member.role_changed",
        object: memberObject(input.userId, membership.user.email),
        details: { from: membership.role, to: input.role },
      });
    }
    return { workspaceId };
  });
}

export async function removeMember(actor: Actor, input: RemoveMemberInput): Promise<{ workspaceId: string }> {
  return asLockedAdmin(actor, input.workspaceId, async (tx, workspaceId, audit) => {
    const membership = await findMembership(tx, workspaceId, input.userId);
    if (membership.role === "ADMIN") {
      await assertAnotherAdminRemains(tx, workspaceId, input.userId);
      await revokeInvitationsSentBy(tx, workspaceId, input.userId);
    }
    await tx.membership.delete({ where: { id: membership.id } });
    const object = memberObject(input.userId, membership.user.email);
    await audit(tx, { workspaceId, action: "member.removed", object, details: { role: membership.role } });
    return { workspaceId };
  });
}

/** Any member leaves a workspace; its last Admin cannot. */
export async function leaveWorkspace(actor: Actor, input: LeaveWorkspaceInput): Promise<{ workspaceId: string }> {
  const { workspaceId } = await authorize(actor, { workspaceId: input.workspaceId }, "workspace:read");
  const { userId } = requireUserActor(actor);
  const prisma = await db();
  const audit = await auditRecorder(actor);
  await prisma.$transaction(async (tx) => {
    await lockWorkspaceMemberships(tx, workspaceId);
    const membership = await tx.membership.findUnique({
      where: { userId_workspaceId: { userId, workspaceId } },
      select: { id: true, role: true, user: { select: { email: true } } },
    });
    // Removed by someone else meanwhile: the workspace is no longer theirs to see.
    if (!membership) throw notFound("Workspace");
    if (membership.role === "ADMIN") {
      await assertAnotherAdminRemains(tx, workspaceId, userId);
      await revokeInvitationsSentBy(tx, workspaceId, userId);
    }
    await tx.membership.delete({ where: { id: membership.id } });
    const object = memberObject(userId, membership.user.email);
    await audit(tx, { workspaceId, action: "member.left", object, details: { role: membership.role } });
  });
  return { workspaceId };
}
