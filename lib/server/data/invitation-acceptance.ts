import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { digestOfPresented, invitationSecrets } from "@/lib/keys/one-time-secret";
import type { Role } from "@/lib/permissions";
import type { AcceptInvitationInput, InvitationDelivery } from "@/lib/schemas/member";
import { requireUserActor, type Actor } from "../authz";
import { db } from "../db";
import { AppError } from "../errors";
import { auditRecorder } from "./audit-log";
import { lockWorkspaceMemberships } from "./members";

// The invitee's side: the page behind an invitation link and its Accept button. The secret is the
// credential: without it nobody joins, whatever their email. A link invitation (no SMTP) then lets
// any signed-in user join; a mailed one only the user whose email is the invited address, who
// thereby proved control of it (their emailVerifiedAt is set). Each invitation is used once, within
// seven days, and only while its sender is still an Admin of the workspace.

export type InvitationPreview =
  | {
      status: "pending";
      workspaceName: string;
      role: Role;
      invitedBy: string | null;
      invitedEmail: string;
      delivery: InvitationDelivery;
    }
  | { status: "wrong-email"; invitedEmail: string; signedInAs: string }
  | { status: "member"; workspaceId: string }
  | { status: "used" }
  | { status: "expired" }
  | { status: "invalid" };

type Client = Prisma.TransactionClient;
type Loaded = {
  invitation: {
    id: string;
    workspaceId: string;
    email: string;
    role: Role;
    delivery: string;
    expiresAt: Date;
    acceptedAt: Date | null;
    workspace: { name: string };
    invitedBy: { name: string } | null;
  } | null;
  user: { email: string };
  isMember: boolean;
  senderIsAdmin: boolean;
};

async function load(client: Client, digest: string, userId: string): Promise<Loaded> {
  const [invitation, user] = await Promise.all([
    client.invitation.findUnique({
      where: { secretDigest: digest },
      select: {
        id: true,
        workspaceId: true,
        email: true,
        role: true,
        delivery: true,
        expiresAt: true,
        acceptedAt: true,
        invitedById: true,
        workspace: { select: { name: true } },
        invitedBy: { select: { name: true } },
      },
    }),
    client.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } }),
  ]);
  if (!invitation) return { invitation: null, user, isMember: false, senderIsAdmin: false };
  const [membership, sender] = await Promise.all([
    client.membership.findUnique({ where: { userId_workspaceId: { userId, workspaceId: invitation.workspaceId } }, select: { id: true } }),
    invitation.invitedById
      ? client.membership.findUnique({
          where: { userId_workspaceId: { userId: invitation.invitedById, workspaceId: invitation.workspaceId } },
          select: { role: true },
        })
      : null,
  ]);
  return { invitation, user, isMember: membership !== null, senderIsAdmin: sender?.role === "ADMIN" };
}

function classify({ invitation, user, isMember, senderIsAdmin }: Loaded): InvitationPreview {
  // A sender who is no longer an Admin had their invitations revoked; this catches any left over.
  if (!invitation || !senderIsAdmin) return { status: "invalid" };
  // Already in (through this invitation, a double click, or otherwise): nothing to accept.
  if (isMember) return { status: "member", workspaceId: invitation.workspaceId };
  if (invitation.acceptedAt) return { status: "used" };
  if (invitation.expiresAt.getTime() <= Date.now()) return { status: "expired" };
  const delivery: InvitationDelivery = invitation.delivery === "EMAIL" ? "EMAIL" : "LINK";
  if (delivery === "EMAIL" && invitation.email !== user.email) {
    return { status: "wrong-email", invitedEmail: invitation.email, signedInAs: user.email };
  }
  return {
    status: "pending",
    workspaceName: invitation.workspace.name,
    role: invitation.role,
    invitedBy: invitation.invitedBy?.name ?? null,
    invitedEmail: invitation.email,
    delivery,
  };
}

function refusal(view: InvitationPreview): AppError {
  switch (view.status) {
    case "used":
      return new AppError("conflict", "This invitation has already been used. Ask an Admin of the workspace for a new one.");
    case "expired":
      return new AppError("conflict", "This invitation has expired. Ask an Admin for a new one.");
    case "wrong-email":
      return new AppError("permission-denied", `This invitation was sent to ${view.invitedEmail}. Sign in with that address to accept it.`);
    default:
      return new AppError(
        "resource-not-found",
        "This invitation link is not valid: it may have been revoked or replaced by a newer one. Ask an Admin of the workspace for a new link.",
      );
  }
}

/** What the invitation page shows to the signed-in user presenting `secret`. */
export async function previewInvitation(actor: Actor, input: AcceptInvitationInput): Promise<InvitationPreview> {
  const { userId } = requireUserActor(actor);
  const digest = digestOfPresented(invitationSecrets, input.secret);
  if (!digest) return { status: "invalid" };
  const prisma = await db();
  return classify(await load(prisma, digest, userId));
}

export async function acceptInvitation(actor: Actor, input: AcceptInvitationInput): Promise<{ workspaceId: string }> {
  const { userId } = requireUserActor(actor);
  const digest = digestOfPresented(invitationSecrets, input.secret);
  if (!digest) throw refusal({ status: "invalid" });
  const prisma = await db();
  const found = await prisma.invitation.findUnique({ where: { secretDigest: digest }, select: { workspaceId: true } });
  if (!found) throw refusal({ status: "invalid" });
  const audit = await auditRecorder(actor);
  return prisma.$transaction(async (tx) => {
    // Joining is a membership change like the others: it waits for the workspace's lock, then reads
    // everything again, so a double click joins once and a concurrent revocation is seen.
    await lockWorkspaceMemberships(tx, found.workspaceId);
    const loaded = await load(tx, digest, userId);
    const view = classify(loaded);
    if (view.status === "member") return { workspaceId: view.workspaceId };
    if (view.status !== "pending" || !loaded.invitation) throw refusal(view);
    const { invitation } = loaded;
    const now = new Date();
    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null },
      data: { acceptedAt: now, acceptedById: userId },
    });
    if (claimed.count === 0) throw refusal({ status: "used" });
    await tx.membership.create({
      data: { id: newId("membership"), userId, workspaceId: invitation.workspaceId, role: invitation.role },
    });
    // Other pending invitations to this workspace for the same person are moot now: they would stay
    // listed as pending for someone who is already a member.
    await tx.invitation.deleteMany({
      where: { workspaceId: invitation.workspaceId, acceptedAt: null, email: { in: [...new Set([invitation.email, loaded.user.email])] } },
    });
    await audit(tx, {
      workspaceId: invitation.workspaceId,
      action: "member.joined",
      object: { type: "member", id: userId, name: loaded.user.email },
      details: { role: invitation.role, invitationId: invitation.id, invitedEmail: invitation.email },
    });
    if (view.delivery === "EMAIL") {
      // The secret reached them at this address: that proves they control it.
      await tx.user.updateMany({ where: { id: userId, emailVerifiedAt: null }, data: { emailVerifiedAt: now } });
    }
    return { workspaceId: invitation.workspaceId };
  });
}
