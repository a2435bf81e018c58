import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { auth } from "./auth";
import type { Actor } from "./authz";
import { sessionUser, type CurrentUser } from "./data/sessions";
import { unauthenticated } from "./errors";
import { loginPathFor, REQUESTED_PATH_HEADER } from "./redirects";
import { consoleOrigin } from "./request-origin";

export type { CurrentUser };

export type CurrentSession = { user: CurrentUser; sessionId: string };

/**
 * The signed-in user and their session row, re-read from the database (once per request), or null.
 * A valid cookie is not enough: its session row must still exist and be unexpired (sign-out, a
 * password change and "sign out of all sessions" delete rows), and its user must still exist.
 */
export const currentSession = cache(async (): Promise<CurrentSession | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  const sessionId = session?.sessionId;
  // A cookie issued before sessions were stored has no session id: it is not accepted.
  if (!userId || !sessionId) return null;
  const user = await sessionUser(userId, sessionId);
  return user ? { user, sessionId } : null;
});

/** The signed-in user (see currentSession), or null. */
export const currentUser = cache(async (): Promise<CurrentUser | null> => (await currentSession())?.user ?? null);

/**
 * For server actions: the caller as an Actor, or an "authentication-failed" error. The Actor
 * carries where the request came from (the Console, its address and user agent) for the audit log.
 */
export async function requireActor(): Promise<Actor> {
  const user = await currentUser();
  if (!user) throw unauthenticated();
  return { type: "user", userId: user.id, origin: consoleOrigin(await headers()) };
}

/** For server actions about the caller's own account: their session, or an "authentication-failed" error. */
export async function requireSession(): Promise<CurrentSession> {
  const session = await currentSession();
  if (!session) throw unauthenticated();
  return session;
}

/** For pages: the signed-in user, or a redirect to the sign-in page. */
export async function requireUserOrRedirect(): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) await redirectToSignIn();
  return user!;
}

/** For pages: to the sign-in page, and back to the page asked for after it (same origin only). */
export async function redirectToSignIn(): Promise<never> {
  redirect(loginPathFor((await headers()).get(REQUESTED_PATH_HEADER)));
}

/** For pages and layouts: the caller as an Actor, or a redirect to the sign-in page. */
export async function pageActor(): Promise<Actor> {
  const user = await requireUserOrRedirect();
  return { type: "user", userId: user.id };
}
