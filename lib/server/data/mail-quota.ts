import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { AppError } from "../errors";

// Mail a user makes the Console send to other addresses (invitations and their resends). Anyone can
// sign up and so be an Admin of a workspace of their own: without a limit, that is a way to send mail
// through the Console's SMTP server to any address. Counted in the database, so that every Console
// instance agrees, under a lock on the sender's row, so that concurrent invitations count one by one.

export const INVITATION_MAIL_LIMITS = { perHour: 20, perDay: 100 } as const;
const HOUR_MS = 60 * 60 * 1000;

/** Records one invitation mail from `senderId`, or refuses it when the sender's quota is spent. */
export async function takeInvitationMailQuota(tx: Prisma.TransactionClient, senderId: string, now = new Date()): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${senderId} FOR UPDATE`;
  const since = (ms: number) => new Date(now.getTime() - ms);
  const [lastHour, lastDay] = await Promise.all([
    tx.sentMail.count({ where: { senderId, kind: "invitation", createdAt: { gt: since(HOUR_MS) } } }),
    tx.sentMail.count({ where: { senderId, kind: "invitation", createdAt: { gt: since(24 * HOUR_MS) } } }),
  ]);
  if (lastHour >= INVITATION_MAIL_LIMITS.perHour || lastDay >= INVITATION_MAIL_LIMITS.perDay) {
    const limit = lastDay >= INVITATION_MAIL_LIMITS.perDay ? `${INVITATION_MAIL_LIMITS.perDay} a day` : `${INVITATION_MAIL_LIMITS.perHour} an hour`;
    throw new AppError("conflict", `You have sent as many invitation emails as allowed (${limit}). Try again later.`);
  }
  await tx.sentMail.create({ data: { id: newId("sentMail"), senderId, kind: "invitation", createdAt: now } });
}

/** Gives back the quota taken for a mail that could not be sent. */
export async function returnInvitationMailQuota(tx: Prisma.TransactionClient, senderId: string): Promise<void> {
  const newest = await tx.sentMail.findFirst({ where: { senderId, kind: "invitation" }, orderBy: { createdAt: "desc" }, select: { id: true } });
  if (newest) await tx.sentMail.delete({ where: { id: newest.id } });
}
