import "server-only";
import { newId } from "@/lib/ids";
import type { SignUpInput } from "@/lib/schemas/account";
import { NAME_MAX_LENGTH } from "@/lib/schemas/common";
import { db } from "../db";
import { AppError } from "../errors";
import { logError } from "../log";
import { hashPassword } from "../password";
import { sendSignUpVerification } from "./email-verifications";
import { createWorkspaceRecords } from "./workspaces";

/**
 * Signs up a user with a personal workspace in which they are Admin. With SMTP configured, their
 * address is mailed a verification link; a mail that fails is logged and can be re-sent from the
 * Console's banner, so it never fails the sign-up.
 */
export async function createUserWithWorkspace(input: SignUpInput): Promise<{ userId: string; workspaceId: string }> {
  const prisma = await db();
  const existing = await prisma.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) {
    throw new AppError("conflict", "An account with this email already exists. Sign in instead.", {
      email: ["An account with this email already exists."],
    });
  }
  const userId = newId("user");
  const passwordHash = await hashPassword(input.password);
  const created = await prisma.$transaction(async (tx) => {
    await tx.user.create({ data: { id: userId, email: input.email, name: input.name, passwordHash } });
    const workspaceId = await createWorkspaceRecords(tx, userId, personalWorkspaceName(input.name));
    return { userId, workspaceId };
  });
  await sendSignUpVerification(userId, input.email).catch((error: unknown) => logError("mailing the sign-up verification failed", error));
  return created;
}

/** "<name>'s workspace", shortened so that it stays a valid (≤ 64 character) workspace name. */
export function personalWorkspaceName(name: string): string {
  const suffix = "'s workspace";
  const chars = [...name];
  return chars.length + suffix.length <= NAME_MAX_LENGTH
    ? `${name}${suffix}`
    : `${chars.slice(0, NAME_MAX_LENGTH - suffix.length - 1).join("").trimEnd()}…${suffix}`;
}
