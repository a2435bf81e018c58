import "server-only";
import type { User } from "next-auth";
import { clientAddressOf } from "./client-address";
import { signInWithPassword } from "./credentials";
import { SignInUnavailable, TooManySignInAttempts } from "./sign-in-errors";

/**
 * The Credentials provider's `authorize` (lib/server/auth.ts): every path to a session, the
 * Console's form as well as next-auth's own POST /api/auth/callback/credentials, runs this. It
 * answers the user (with the new session's id), null for wrong credentials, or throws a refusal
 * that next-auth hands to the sign-in action as it is, and turns into ?code= on its own route.
 * `request` is the sign-in request (next-auth 5 passes it as authorize's second argument): the
 * client address our server set on it keys the throttle.
 */
export async function authorizeCredentials(raw: unknown, request: Request): Promise<User | null> {
  const result = await signInWithPassword(raw, {
    address: clientAddressOf(request.headers),
    userAgent: request.headers.get("user-agent"),
  });
  switch (result.outcome) {
    case "signed-in":
      return { ...result.user, sessionId: result.sessionId };
    case "throttled":
      throw new TooManySignInAttempts(result.retryAfterSeconds);
    case "unavailable":
      throw new SignInUnavailable();
    case "invalid":
      return null;
  }
}
