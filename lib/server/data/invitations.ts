import "server-only";
import { newId } from "@/lib/ids";
import type { Role } from "@/lib/permissions";
import { INVITATION_TTL_DAYS, type InvitationRef, type InviteMemberInput } from "@/lib/schemas/member";
import { actingUserId, authorize, requireUserActor, type Actor } from "../authz";
import { db } from "../db";
import { AppError, notFound } from "../errors";

export type InvitationDto = { id: string; email: string; role: Role; createdAt: string; expiresAt: string };

/** What the invitee's page shows. Workspace details only reach the invited email's owner. */
export type InvitationView =
  | { status: "pending"; id: string; workspaceId: string; workspaceName: string; role: Role; invitedBy: string | null }
  | { status: "accepted"; workspaceId: string }
  | { status: "expired" }
  | { status: "wrong-email"; email: string };

const DAY_MS = 24 * 60 * 60 * 1000;
const invitationSelect = { id: true, email: true, role: true, createdAt: true, expiresAt: true } as const;

function toDto(row: { id: string; email: string; role: Role; createdAt: Date; expiresAt: Date }): InvitationDto {
  return { ...row, createdAt: row.createdAt.toISOString(), expiresAt: row.expiresAt.toISOString() };
}

export async function inviteMember(actor: Actor, input: InviteMemberInput): Promise<InvitationDto> {
  const { workspaceId } = await authorize(actor, { workspaceId: input.workspaceId }, "workspace:admin");
  const prisma = await db();
  const alreadyMember = await prisma.membership.findFirst({
    where: { workspaceId, user: { email: input.email } },
    select: { id: true },
  });
  if (alreadyMember) {
    throw new AppError("conflict", "This person is already a member.", { email: ["Already a member of this workspace."] });
  }
  const row = await prisma.invitation.create({
    data: {
      id: newId("invitation"),
      workspaceId,
      email: input.email,
      role: input.role,
      invitedById: actingUserId(actor),
      expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * DAY_MS),
    },
    select: invitationSelect,
  });
  return toDto(row);
}

/** Pending, unexpired invitations of a workspace (Admins only). */
export async function listInvitations(actor: Actor, workspaceId: string): Promise<InvitationDto[]> {
  await authorize(actor, { workspaceId }, "workspace:admin");
  const prisma = await db();
  const rows = await prisma.invitation.findMany({
    where: { workspaceId, acceptedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: invitationSelect,
  });
  return rows.map(toDto);
}

export async function revokeInvitation(actor: Actor, input: InvitationRef): Promise<{ workspaceId: string }> {
  const prisma = await db();
  const invitation = await prisma.invitation.findUnique({ where: { id: input.invitationId }, select: { workspaceId: true } });
  if (!invitation) throw notFound("Invitation");
  // Someone who is not an Admin of the invitation's workspace gets the same "not found".
  await authorize(actor, { workspaceId: invitation.workspaceId }, "workspace:admin").catch(() => {
    throw notFound("Invitation");
  });
  await prisma.invitation.deleteMany({ where: { id: input.invitationId, acceptedAt: null } });
  return { workspaceId: invitation.workspaceId };
}

async function loadForInvitee(actor: Actor, invitationId: string) {
  const { userId } = requireUserActor(actor);
  const prisma = await db();
  const [invitation, user] = await Promise.all([
    prisma.invitation.findUnique({
      where: { id: invitationId },
      select: {
        id: true,
        email: true,
        role: true,
        workspaceId: true,
        expiresAt: true,
        acceptedAt: true,
        workspace: { select: { name: true } },
        invitedBy: { select: { name: true } },
      },
    }),
    prisma.user.findUnique({ where: { id: userId }, select: { email: true } }),
  ]);
  if (!invitation || !user) throw notFound("Invitation");
  return { invitation, userEmail: user.email };
}

export async function viewInvitation(actor: Actor, input: InvitationRef): Promise<InvitationView> {
  const { invitation, userEmail } = await loadForInvitee(actor, input.invitationId);
  if (invitation.email !== userEmail) return { status: "wrong-email", email: userEmail };
  if (invitation.acceptedAt) return { status: "accepted", workspaceId: invitation.workspaceId };
  if (invitation.expiresAt.getTime() <= Date.now()) return { status: "expired" };
  return {
    status: "pending",
    id: invitation.id,
    workspaceId: invitation.workspaceId,
    workspaceName: invitation.workspace.name,
    role: invitation.role,
    invitedBy: invitation.invitedBy?.name ?? null,
  };
}

export async function acceptInvitation(actor: Actor, input: InvitationRef): Promise<{ workspaceId: string }> {
  const { userId } = requireUserActor(actor);
  const view = await viewInvitation(actor, input);
  if (view.status === "accepted") return { workspaceId: view.workspaceId };
  if (view.status === "expired") throw new AppError("conflict", "This invitation has expired. Ask an Admin for a new one.");
  if (view.status === "wrong-email") {
    throw new AppError("permission-denied", "This invitation was sent to another email address.");
  }
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    // Marking it accepted first, conditionally, makes a double click join once.
    const claimed = await tx.invitation.updateMany({
      where: { id: view.id, acceptedAt: null },
      data: { acceptedAt: new Date() },
    });
    if (claimed.count === 0) return;
    const existing = await tx.membership.findUnique({
      where: { userId_workspaceId: { userId, workspaceId: view.workspaceId } },
      select: { id: true },
    });
    if (!existing) {
      await tx.membership.create({
        data: { id: newId("membership"), userId, workspaceId: view.workspaceId, role: view.role },
      });
    }
  });
  return { workspaceId: view.workspaceId };
}
