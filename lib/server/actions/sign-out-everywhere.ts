"use server";

import { unexpectedFailure, type ActionResult } from "../action-result";
import { signOut } from "../auth";
import { endAllSessions } from "../data/sessions";
import { AppError } from "../errors";
import { requireSession } from "../session";

/**
 * Account page, "Sign out of all sessions": deletes every session row of the caller (every browser
 * where they are signed in stops being signed in on its next request), then signs this browser
 * out. Access tokens are not sessions and keep working; they are deleted on the Access tokens page.
 */
export async function signOutEverywhereAction(): Promise<ActionResult<null>> {
  try {
    const session = await requireSession();
    await endAllSessions(session.user.id);
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    return unexpectedFailure("signOutEverywhereAction", error);
  }
  // Throws Next's redirect to the sign-in page.
  await signOut({ redirectTo: "/login" });
  return { ok: true, data: null };
}
