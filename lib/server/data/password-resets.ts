import "server-only";
import { newId } from "@/lib/ids";
import { digestOfPresented, passwordResetSecrets } from "@/lib/keys/one-time-secret";
import {
  PASSWORD_RESET_TTL_MINUTES,
  type RequestPasswordResetInput,
  type ResetPasswordInput,
} from "@/lib/schemas/password-reset";
import { db } from "../db";
import { AppError } from "../errors";
import { logError } from "../log";
import { mailEnabled, publicLink, sendMail } from "../mail";
import { hashPassword } from "../password";

// "Forgot password?" (with SMTP only): a one-time link mailed to the account's address. It is also
// how the owner of an address takes back an account that someone else signed up with and never
// verified: using the link sets the new password, marks the address verified, ends every session,
// and — when the address had not been proven before — revokes the account's personal access
// tokens, which whoever held the account until then may have made.
//
// The request never says whether an account exists: the answer, and how long it takes, are the
// same (the mail leaves after the answer). Requests are limited per account, in the database so
// that every Console instance agrees; a limited request is dropped silently, for the same reason.

const MINUTE_MS = 60 * 1000;
export const RESET_LIMITS = { minIntervalSeconds: 60, perDay: 5 } as const;

export type PasswordResetPreview = { status: "pending"; email: string } | { status: "used" | "expired" | "invalid" };
export type PasswordResetOutcome = { email: string; endedSessions: number; revokedTokens: number };

function notMailing(): AppError {
  return new AppError(
    "conflict",
    "This Console does not send mail, so a password cannot be reset by email. Ask the person who runs it.",
  );
}

/** Stores a reset for the account of `input.email`, if there is one and its limits allow; mails it after. */
export async function requestPasswordReset(input: RequestPasswordResetInput): Promise<void> {
  if (!mailEnabled()) throw notMailing();
  const prisma = await db();
  const created = await prisma.$transaction(async (tx) => {
    // The user's row is locked so that concurrent requests are counted one after another.
    const rows = await tx.$queryRaw<{ id: string; email: string }[]>`
      SELECT id, email FROM "User" WHERE email = ${input.email} FOR UPDATE`;
    const user = rows[0];
    if (!user) return null;
    const recent = await tx.passwordReset.findMany({
      where: { userId: user.id, createdAt: { gt: new Date(Date.now() - 24 * 60 * MINUTE_MS) } },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    });
    if (recent.length >= RESET_LIMITS.perDay) return null;
    if (recent[0] && Date.now() - recent[0].createdAt.getTime() < RESET_LIMITS.minIntervalSeconds * 1000) return null;
    const secret = passwordResetSecrets.generate();
    const id = newId("passwordReset");
    const expiresAt = new Date(Date.now() + PASSWORD_RESET_TTL_MINUTES * MINUTE_MS);
    await tx.passwordReset.create({ data: { id, userId: user.id, email: user.email, digest: secret.digest, expiresAt } });
    return { id, email: user.email, secret: secret.plaintext };
  });
  if (!created) return;
  // Not awaited: an answer that waited for the SMTP server would tell who has an account.
  void mailReset(created).catch(async (error) => {
    logError("mailing a password-reset link failed", error);
    // A mail that never left is not a reset anyone could use, nor one that counts.
    await prisma.passwordReset.deleteMany({ where: { id: created.id } }).catch(() => undefined);
  });
}

function mailReset(created: { email: string; secret: string }): Promise<void> {
  return sendMail({
    to: created.email,
    subject: "Reset your Platform Console password",
    text: [
      "Someone asked to reset the password of the Platform Console account for this address.",
      "To choose a new password, open this link:",
      "",
      publicLink(`/reset-password/${created.secret}`),
      "",
      `The link works once, for ${PASSWORD_RESET_TTL_MINUTES} minutes. If you did not ask for it, ignore this mail: your password stays as it is.`,
    ].join("\n"),
  });
}

export async function previewPasswordReset(secret: string): Promise<PasswordResetPreview> {
  const digest = digestOfPresented(passwordResetSecrets, secret);
  if (!digest) return { status: "invalid" };
  const prisma = await db();
  const row = await prisma.passwordReset.findUnique({ where: { digest }, select: { email: true, usedAt: true, expiresAt: true } });
  if (!row) return { status: "invalid" };
  if (row.usedAt) return { status: "used" };
  if (row.expiresAt.getTime() <= Date.now()) return { status: "expired" };
  return { status: "pending", email: row.email };
}

/** Uses a reset link, once: the new password, a proven address, and no session left anywhere. */
export async function resetPassword(input: ResetPasswordInput): Promise<PasswordResetOutcome> {
  const invalid = new AppError("resource-not-found", "This reset link is not valid. Ask for a new one on the sign-in page.");
  const digest = digestOfPresented(passwordResetSecrets, input.secret);
  if (!digest) throw invalid;
  // Hashed before the transaction: it is slow, and the transaction holds the link's row.
  const passwordHash = await hashPassword(input.password);
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const row = await tx.passwordReset.findUnique({ where: { digest }, select: { id: true, userId: true, email: true, expiresAt: true } });
    if (!row) throw invalid;
    const now = new Date();
    // Conditional on "unused and unexpired", so two submissions at once reset once.
    const used = await tx.passwordReset.updateMany({ where: { id: row.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (used.count === 0) {
      const expired = row.expiresAt.getTime() <= now.getTime();
      throw new AppError("conflict", expired ? "This reset link has expired. Ask for a new one on the sign-in page." : "This reset link has already been used.");
    }
    const user = await tx.user.findUnique({ where: { id: row.userId }, select: { email: true, emailVerifiedAt: true } });
    // Only for the address the link was mailed to: should the account's address differ, nothing is proven.
    if (!user || user.email !== row.email) throw invalid;
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? now }, select: { id: true } });
    // Every other link of this account stops working: the newest password is the one chosen here.
    await tx.passwordReset.updateMany({ where: { userId: row.userId, usedAt: null }, data: { usedAt: now } });
    const { count: endedSessions } = await tx.session.deleteMany({ where: { userId: row.userId } });
    let revokedTokens = 0;
    if (user.emailVerifiedAt === null) {
      // Until now nobody had proven the address: the tokens were made by whoever held the account.
      ({ count: revokedTokens } = await tx.accessToken.deleteMany({ where: { userId: row.userId } }));
    }
    return { email: row.email, endedSessions, revokedTokens };
  });
}
