import "server-only";
import type { ChangePasswordInput } from "@/lib/schemas/account";
import { checkPassword, SIGN_IN_UNAVAILABLE_MESSAGE, type AttemptContext } from "../credentials";
import { db } from "../db";
import { hashPassword } from "../password";
import { throttledMessage } from "../sign-in-throttle";
import { endOtherSessions, type CurrentUser } from "./sessions";

export type PasswordChange =
  | { changed: true; endedSessions: number }
  | { changed: false; error: string; fieldErrors?: Record<string, string[]> };

/**
 * Changes the signed-in user's password after checking the current one. The check is a sign-in
 * attempt as far as the throttle goes (same buckets), so a stolen session cannot be used to guess
 * the password faster. Every other session of the user ends, in the same transaction as the new
 * hash: whoever else held one has to sign in with the new password.
 */
export async function changePassword(
  session: { user: CurrentUser; sessionId: string },
  input: ChangePasswordInput,
  context: AttemptContext,
): Promise<PasswordChange> {
  const check = await checkPassword(session.user.email, input.currentPassword, context);
  switch (check.outcome) {
    case "invalid":
      return {
        changed: false,
        error: "Check the highlighted fields.",
        fieldErrors: { currentPassword: ["The current password is incorrect."] },
      };
    case "throttled":
      return { changed: false, error: throttledMessage(check.retryAfterSeconds) };
    case "unavailable":
      return { changed: false, error: SIGN_IN_UNAVAILABLE_MESSAGE };
    case "valid":
      break;
  }
  const passwordHash = await hashPassword(input.newPassword);
  const prisma = await db();
  const endedSessions = await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: session.user.id }, data: { passwordHash }, select: { id: true } });
    return endOtherSessions(session.user.id, session.sessionId, tx);
  });
  return { changed: true, endedSessions };
}
