import "server-only";
import { newId } from "@/lib/ids";
import { invitationSecrets } from "@/lib/keys/one-time-secret";
import { ROLE_LABELS, type Role } from "@/lib/permissions";
import {
  INVITATION_TTL_DAYS,
  type InvitationDelivery,
  type InvitationRef,
  type InviteMemberInput,
} from "@/lib/schemas/member";
import { authorize, requireUserActor, type Actor } from "../authz";
import { db } from "../db";
import { AppError, notFound } from "../errors";
import { logError } from "../log";
import { mailEnabled, publicLink, sendMail } from "../mail";
import { auditRecorder } from "./audit-log";
import { returnInvitationMailQuota, takeInvitationMailQuota } from "./mail-quota";
import { assertStillAdmin, lockWorkspaceMemberships } from "./members";

// An invitation grants its role to whoever presents its one-time secret (`pcinv_…`), and only
// its SHA-256 digest is stored. Without SMTP the Admin copies a link that carries the secret, shown
// once: the link is the credential and the invited email a label. With SMTP the secret is mailed to
// the address, and accepting also needs a signed-in user with that address
// (./invitation-acceptance.ts). Either way the plaintext never reaches a log, an error or the database.

export type InvitationDto = {
  id: string;
  email: string;
  role: Role;
  delivery: InvitationDelivery;
  createdAt: string;
  expiresAt: string;
  /** False for invitations made before secrets existed: they can only be revoked or renewed. */
  hasSecret: boolean;
};

/** What inviting (or renewing) returns: the secret only for a link the Admin must pass on, once. */
export type IssuedInvitation = { invitation: InvitationDto; workspaceId: string; workspaceName: string; secret: string | null };

const DAY_MS = 24 * 60 * 60 * 1000;
const invitationSelect = {
  id: true,
  email: true,
  role: true,
  delivery: true,
  createdAt: true,
  expiresAt: true,
  secretDigest: true,
  workspace: { select: { name: true } },
} as const;

type InvitationRow = {
  id: string;
  email: string;
  role: Role;
  delivery: string;
  createdAt: Date;
  expiresAt: Date;
  secretDigest: string | null;
  workspace: { name: string };
};

function toDto(row: InvitationRow): InvitationDto {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    delivery: row.delivery === "EMAIL" ? "EMAIL" : "LINK",
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    hasSecret: row.secretDigest !== null,
  };
}

/** The path of an invitation's link; the secret is its last segment. */
export function invitationPath(secret: string): string {
  return `/invite/${secret}`;
}

const currentDelivery = (): InvitationDelivery => (mailEnabled() ? "EMAIL" : "LINK");
const expiryFromNow = () => new Date(Date.now() + INVITATION_TTL_DAYS * DAY_MS);

async function mailInvitation(row: InvitationRow, secret: string, inviterId: string): Promise<void> {
  const prisma = await db();
  const inviter = await prisma.user.findUnique({ where: { id: inviterId }, select: { name: true } });
  const role = ROLE_LABELS[row.role];
  await sendMail({
    to: row.email,
    subject: `Join ${row.workspace.name} on Platform Console`,
    text: [
      `${inviter?.name ?? "An Admin"} invited you to join the workspace "${row.workspace.name}" as ${role}.`,
      "",
      `Accept the invitation: ${publicLink(invitationPath(secret))}`,
      "",
      `The link works once, for ${INVITATION_TTL_DAYS} days, and only for an account with this address (${row.email}).`,
      "If you did not expect this invitation, ignore this mail.",
    ].join("\n"),
  });
}

/** The Admin's error when the mail did not go; `outcome` says what that left (e.g. "no invitation was made"). */
function mailFailed(email: string, error: unknown, outcome: string): AppError {
  // MailError messages carry the SMTP URL with its password replaced, never the secret.
  logError("mailing an invitation failed", error);
  return new AppError(
    "conflict",
    `The invitation mail to ${email} could not be sent, so ${outcome}. Try again in a moment; if it keeps failing, the Console's mail settings (PLATFORM_SMTP_URL) need checking.`,
  );
}

export async function inviteMember(actor: Actor, input: InviteMemberInput): Promise<IssuedInvitation> {
  const { workspaceId } = await authorize(actor, { workspaceId: input.workspaceId }, "workspace:admin");
  const { userId } = requireUserActor(actor);
  const delivery = currentDelivery();
  const secret = invitationSecrets.generate();
  const prisma = await db();
  const audit = await auditRecorder(actor);
  const row = await prisma.$transaction(async (tx) => {
    // Under the workspace's lock, so that a concurrent demotion of the sender either comes first
    // (and this is refused) or comes after (and revokes this invitation with the others).
    await lockWorkspaceMemberships(tx, workspaceId);
    await assertStillAdmin(tx, workspaceId, userId);
    const alreadyMember = await tx.membership.findFirst({
      where: { workspaceId, user: { email: input.email } },
      select: { id: true },
    });
    if (alreadyMember) {
      throw new AppError("conflict", "This person is already a member.", { email: ["Already a member of this workspace."] });
    }
    const pending = await tx.invitation.findFirst({
      where: { workspaceId, email: input.email, acceptedAt: null, expiresAt: { gt: new Date() } },
      select: { id: true },
    });
    if (pending) {
      throw new AppError("conflict", "This address already has a pending invitation.", {
        email: ["Already invited. Use New link (or Resend) on the pending invitation, or revoke it first."],
      });
    }
    if (delivery === "EMAIL") await takeInvitationMailQuota(tx, userId);
    const id = newId("invitation");
    await audit(tx, {
      workspaceId,
      action: "member.invited",
      object: { type: "invitation", id, name: input.email },
      details: { role: input.role, delivery },
    });
    return tx.invitation.create({
      data: {
        id,
        workspaceId,
        email: input.email,
        role: input.role,
        secretDigest: secret.digest,
        delivery,
        invitedById: userId,
        expiresAt: expiryFromNow(),
      },
      select: invitationSelect,
    });
  });
  if (delivery === "EMAIL") {
    try {
      await mailInvitation(row, secret.plaintext, userId);
    } catch (error) {
      // An invitation nobody received is no invitation: it goes again, and so does its quota.
      await prisma.$transaction(async (tx) => {
        const withdrawn = await tx.invitation.deleteMany({ where: { id: row.id, acceptedAt: null } });
        await returnInvitationMailQuota(tx, userId);
        // The log keeps the invitation it recorded, and says why it went.
        if (withdrawn.count > 0) {
          await audit(tx, { workspaceId, action: "invitation.revoked", object: invitationObject(row), details: { reason: "mail-failed" } });
        }
      });
      throw mailFailed(input.email, error, "no invitation was made");
    }
  }
  return { invitation: toDto(row), workspaceId, workspaceName: row.workspace.name, secret: delivery === "LINK" ? secret.plaintext : null };
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

/** The invitation's workspace, for an Admin of it; anyone else gets the same "not found". */
async function workspaceOfInvitation(actor: Actor, invitationId: string): Promise<string> {
  const prisma = await db();
  const invitation = await prisma.invitation.findUnique({ where: { id: invitationId }, select: { workspaceId: true } });
  if (!invitation) throw notFound("Invitation");
  await authorize(actor, { workspaceId: invitation.workspaceId }, "workspace:admin").catch(() => {
    throw notFound("Invitation");
  });
  return invitation.workspaceId;
}

export async function revokeInvitation(actor: Actor, input: InvitationRef): Promise<{ workspaceId: string }> {
  const workspaceId = await workspaceOfInvitation(actor, input.invitationId);
  const prisma = await db();
  const audit = await auditRecorder(actor);
  await prisma.$transaction(async (tx) => {
    const row = await tx.invitation.findFirst({ where: { id: input.invitationId, acceptedAt: null }, select: { id: true, email: true, role: true } });
    const revoked = await tx.invitation.deleteMany({ where: { id: input.invitationId, acceptedAt: null } });
    // Already gone (revoked twice, accepted meanwhile): nothing changed, nothing to record.
    if (row && revoked.count > 0) {
      await audit(tx, { workspaceId, action: "invitation.revoked", object: invitationObject(row), details: { role: row.role } });
    }
  });
  return { workspaceId };
}

const invitationObject = (row: { id: string; email: string }) => ({ type: "invitation", id: row.id, name: row.email }) as const;

/**
 * "Create a new link" (or, with SMTP, "Resend"): a new secret replaces the old one, which stops
 * working, and the invitation runs for another seven days on the caller's authority. With SMTP the
 * mail goes first, so that a failed send changes nothing and the old link keeps working.
 */
export async function renewInvitation(actor: Actor, input: InvitationRef): Promise<IssuedInvitation> {
  const workspaceId = await workspaceOfInvitation(actor, input.invitationId);
  const { userId } = requireUserActor(actor);
  const delivery = currentDelivery();
  const secret = invitationSecrets.generate();
  const prisma = await db();
  const current = await prisma.invitation.findFirst({ where: { id: input.invitationId, acceptedAt: null }, select: invitationSelect });
  if (!current) throw notFound("Invitation");
  if (delivery === "EMAIL") {
    await prisma.$transaction((tx) => takeInvitationMailQuota(tx, userId));
    try {
      await mailInvitation(current, secret.plaintext, userId);
    } catch (error) {
      await prisma.$transaction((tx) => returnInvitationMailQuota(tx, userId));
      throw mailFailed(current.email, error, "the previous link still works");
    }
  }
  const audit = await auditRecorder(actor);
  const row = await prisma.$transaction(async (tx) => {
    await lockWorkspaceMemberships(tx, workspaceId);
    await assertStillAdmin(tx, workspaceId, userId);
    const renewed = await tx.invitation.updateMany({
      where: { id: input.invitationId, acceptedAt: null },
      data: { secretDigest: secret.digest, delivery, invitedById: userId, expiresAt: expiryFromNow() },
    });
    if (renewed.count === 0) throw notFound("Invitation");
    const updated = await tx.invitation.findUniqueOrThrow({ where: { id: input.invitationId }, select: invitationSelect });
    const details = { role: updated.role, delivery, expiresAt: updated.expiresAt.toISOString() };
    await audit(tx, { workspaceId, action: "invitation.renewed", object: invitationObject(updated), details });
    return updated;
  });
  return { invitation: toDto(row), workspaceId, workspaceName: row.workspace.name, secret: delivery === "LINK" ? secret.plaintext : null };
}
