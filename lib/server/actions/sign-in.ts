"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { signInSchema } from "@/lib/schemas/account";
import { fieldErrorsOf } from "@/lib/schemas/common";
import type { ActionResult } from "../action-result";
import { signIn } from "../auth";
import { INVALID_CREDENTIALS_MESSAGE, SIGN_IN_UNAVAILABLE_MESSAGE } from "../credentials";
import { safeRedirectPath } from "../redirects";
import { SignInUnavailable, TooManySignInAttempts } from "../sign-in-errors";
import { throttledMessage } from "../sign-in-throttle";

// The login form's action. It checks nothing itself: signIn runs the Credentials provider, whose
// authorize (lib/server/auth.ts) throttles and checks the password for every path to a session.

export async function signInAction(input: unknown): Promise<ActionResult<null>> {
  // signInSchema is not strict: the optional `next` path rides along and is read separately.
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, error: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
  }
  try {
    // On success this throws Next's redirect, which must propagate.
    const next = typeof input === "object" && input !== null && "next" in input ? input.next : undefined;
    await signIn("credentials", { ...parsed.data, redirectTo: safeRedirectPath(next) });
    return { ok: true, data: null };
  } catch (error) {
    const refusal = refusalMessage(error);
    if (refusal) return { ok: false, error: refusal };
    throw error;
  }
}

/** The message for a refused sign-in, or null when `error` is not a refusal (Next's redirect). */
function refusalMessage(error: unknown): string | null {
  if (error instanceof TooManySignInAttempts) return throttledMessage(error.retryAfterSeconds);
  if (error instanceof SignInUnavailable) return SIGN_IN_UNAVAILABLE_MESSAGE;
  if (error instanceof CredentialsSignin) return INVALID_CREDENTIALS_MESSAGE;
  // Any other AuthError (next-auth wraps an unexpected exception as CallbackRouteError) means the
  // server could not check the password: not a wrong password (next-auth's logger has logged it).
  if (error instanceof AuthError) return SIGN_IN_UNAVAILABLE_MESSAGE;
  return null;
}
