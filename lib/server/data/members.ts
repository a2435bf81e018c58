import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ChangeMemberRoleInput, RemoveMemberInput } from "@/lib/schemas/member";
import { authorize, type Actor } from "../authz";
import { db } from "../db";
import { AppError, notFound } from "../errors";

// Role changes and removals run in a transaction that re-counts the Admins, so two Admins demoting
// each other at the same moment cannot leave a workspace without one.

async function assertAnotherAdminRemains(tx: Prisma.TransactionClient, workspaceId: string, userId: string) {
  const otherAdmins = await tx.membership.count({ where: { workspaceId, role: "ADMIN", userId: { not: userId } } });
  if (otherAdmins === 0) {
    throw new AppError("conflict", "A workspace needs at least one Admin. Make someone else Admin first.");
  }
}

async function findMembership(tx: Prisma.TransactionClient, workspaceId: string, userId: string) {
  const membership = await tx.membership.findUnique({
    where: { userId_workspaceId: { userId, workspaceId } },
    select: { id: true, role: true },
  });
  if (!membership) throw notFound("Member");
  return membership;
}

export async function changeMemberRole(actor: Actor, input: ChangeMemberRoleInput): Promise<{ workspaceId: string }> {
  const { workspaceId } = await authorize(actor, { workspaceId: input.workspaceId }, "workspace:admin");
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    const membership = await findMembership(tx, workspaceId, input.userId);
    if (membership.role === "ADMIN" && input.role !== "ADMIN") {
      await assertAnotherAdminRemains(tx, workspaceId, input.userId);
    }
    await tx.membership.update({ where: { id: membership.id }, data: { role: input.role } });
  });
  return { workspaceId };
}

export async function removeMember(actor: Actor, input: RemoveMemberInput): Promise<{ workspaceId: string }> {
  const { workspaceId } = await authorize(actor, { workspaceId: input.workspaceId }, "workspace:admin");
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    const membership = await findMembership(tx, workspaceId, input.userId);
    if (membership.role === "ADMIN") await assertAnotherAdminRemains(tx, workspaceId, input.userId);
    await tx.membership.delete({ where: { id: membership.id } });
  });
  return { workspaceId };
}
