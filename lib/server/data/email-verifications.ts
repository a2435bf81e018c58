import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { digestOfPresented, emailVerificationSecrets } from "@/lib/keys/one-time-secret";
import { EMAIL_VERIFICATION_TTL_HOURS, type VerifyEmailInput } from "@/lib/schemas/email-verification";
import { requireUserActor, type Actor } from "../authz";
import { db } from "../db";
import { AppError } from "../errors";
import { logError } from "../log";
import { mailEnabled, publicLink, sendMail } from "../mail";

// Proving control of an address, with SMTP only: sign-up (and "Resend") mails a one-time link,
// /verify-email/<pcev_…>, whose secret is stored as a digest and works once, for 24 hours; using it
// sets User.emailVerifiedAt. Without SMTP nothing is mailed and emailVerifiedAt stays null: an
// address is then a label, which is why invitations are bound to their secret, not to an email.

const HOUR_MS = 60 * 60 * 1000;
/** "Resend" is limited per user, counted in the database so that every Console instance agrees. */
export const RESEND_LIMITS = { minIntervalSeconds: 60, perDay: 5 } as const;

/** null when the Console sends no mail (nothing to verify with); else whether the address is proven. */
export type EmailVerificationStatus = { email: string; verified: boolean; linkSent: boolean } | null;
export type EmailVerificationPreview = { status: "pending"; email: string } | { status: "used" | "expired" | "invalid" };

type Created = { id: string; email: string; secret: string };

/** Stores a verification of `email` (its digest only); the caller mails it with mailVerification. */
async function createVerification(client: Prisma.TransactionClient, userId: string, email: string): Promise<Created> {
  const secret = emailVerificationSecrets.generate();
  const id = newId("emailVerification");
  const expiresAt = new Date(Date.now() + EMAIL_VERIFICATION_TTL_HOURS * HOUR_MS);
  await client.emailVerification.create({ data: { id, userId, email, digest: secret.digest, expiresAt } });
  return { id, email, secret: secret.plaintext };
}

/** Mails a verification's link. Throws MailError, having deleted the verification. */
async function mailVerification(created: Created): Promise<void> {
  try {
    await sendMail({
      to: created.email,
      subject: "Verify your email address for Platform Console",
      text: [
        "Confirm that this address is yours by opening this link:",
        "",
        publicLink(`/verify-email/${created.secret}`),
        "",
        `The link works once, for ${EMAIL_VERIFICATION_TTL_HOURS} hours. If you did not create an account, ignore this mail.`,
      ].join("\n"),
    });
  } catch (error) {
    // A mail that never left is not a verification anyone could use, nor one that counts.
    const prisma = await db();
    await prisma.emailVerification.deleteMany({ where: { id: created.id } });
    throw error;
  }
}

/** After sign-up, with SMTP: mails the first verification link. A no-op without SMTP. */
export async function sendSignUpVerification(userId: string, email: string): Promise<void> {
  if (!mailEnabled()) return;
  await mailVerification(await createVerification(await db(), userId, email));
}

export async function emailVerificationStatus(actor: Actor): Promise<EmailVerificationStatus> {
  const { userId } = requireUserActor(actor);
  if (!mailEnabled()) return null;
  const prisma = await db();
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, emailVerifiedAt: true, _count: { select: { emailVerifications: true } } },
  });
  return { email: user.email, verified: user.emailVerifiedAt !== null, linkSent: user._count.emailVerifications > 0 };
}

/** "Resend": one more verification mail, at most one a minute and five a day per user. */
export async function resendVerification(actor: Actor): Promise<{ sentTo: string }> {
  const { userId } = requireUserActor(actor);
  if (!mailEnabled()) throw new AppError("conflict", "This Console does not send mail, so addresses are not verified.");
  const prisma = await db();
  const created = await prisma.$transaction(async (tx) => {
    // The user's row is locked so that concurrent clicks are counted one after another.
    const rows = await tx.$queryRaw<{ email: string; verified: boolean }[]>`
      SELECT email, "emailVerifiedAt" IS NOT NULL AS verified FROM "User" WHERE id = ${userId} FOR UPDATE`;
    const user = rows[0];
    if (!user) throw new AppError("authentication-failed", "Your session has ended. Sign in again.");
    if (user.verified) throw new AppError("conflict", "Your email address is already verified.");
    const recent = await tx.emailVerification.findMany({
      where: { userId, createdAt: { gt: new Date(Date.now() - 24 * HOUR_MS) } },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    });
    if (recent.length >= RESEND_LIMITS.perDay) {
      throw new AppError("conflict", `You asked for ${RESEND_LIMITS.perDay} verification emails today. Try again tomorrow.`);
    }
    if (recent[0] && Date.now() - recent[0].createdAt.getTime() < RESEND_LIMITS.minIntervalSeconds * 1000) {
      throw new AppError("conflict", "A verification email was sent less than a minute ago. Check your inbox, or try again in a minute.");
    }
    // Created under the lock, so that concurrent clicks see each other's rows.
    return createVerification(tx, userId, user.email);
  });
  try {
    await mailVerification(created);
  } catch (error) {
    logError("mailing a verification link failed", error);
    throw new AppError("conflict", "The verification email could not be sent. Try again in a moment.");
  }
  return { sentTo: created.email };
}

export async function previewEmailVerification(input: VerifyEmailInput): Promise<EmailVerificationPreview> {
  const digest = digestOfPresented(emailVerificationSecrets, input.secret);
  if (!digest) return { status: "invalid" };
  const prisma = await db();
  const row = await prisma.emailVerification.findUnique({ where: { digest }, select: { email: true, usedAt: true, expiresAt: true } });
  if (!row) return { status: "invalid" };
  if (row.usedAt) return { status: "used" };
  if (row.expiresAt.getTime() <= Date.now()) return { status: "expired" };
  return { status: "pending", email: row.email };
}

/** Uses a verification link, once: the address it was mailed to is verified. Needs no session. */
export async function verifyEmail(input: VerifyEmailInput): Promise<{ email: string }> {
  const invalid = new AppError("resource-not-found", "This verification link is not valid. Sign in and ask for a new one.");
  const digest = digestOfPresented(emailVerificationSecrets, input.secret);
  if (!digest) throw invalid;
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const row = await tx.emailVerification.findUnique({ where: { digest }, select: { id: true, userId: true, email: true, expiresAt: true } });
    if (!row) throw invalid;
    const now = new Date();
    // Conditional on "unused and unexpired", so two clicks at once verify once.
    const used = await tx.emailVerification.updateMany({
      where: { id: row.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (used.count === 0) {
      const expired = row.expiresAt.getTime() <= now.getTime();
      throw new AppError("conflict", expired ? "This verification link has expired. Sign in and ask for a new one." : "This verification link has already been used.");
    }
    // Only the address the link was mailed to: should the account's address differ, nothing is proven.
    const verified = await tx.user.updateMany({ where: { id: row.userId, email: row.email }, data: { emailVerifiedAt: now } });
    if (verified.count === 0) throw invalid;
    return { email: row.email };
  });
}
