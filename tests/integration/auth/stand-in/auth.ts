import { AuthError, CredentialsSignin } from "next-auth";
import { authorizeCredentials } from "@/lib/server/authorize";
import { endSignedOutSession } from "@/lib/server/data/sessions";
import { CallbackRouteError } from "./next-auth";

// Stands in for lib/server/auth.ts (next-auth's NextAuth(...) result) in integration tests: one
// browser whose cookie is the JWT's claims. signIn runs the app's real authorize the way next-auth
// does for the Credentials provider (an AuthError passes through, anything else becomes a
// CallbackRouteError), and signOut runs the app's real signOut event. A success "redirects" by
// throwing, as next-auth's signIn/signOut do.

export type Cookie = { user: { id: string }; sessionId?: string } | null;

export const browser: { cookie: Cookie; address: string; userAgent: string; failAuthorize: Error | null } = {
  cookie: null,
  address: "192.0.2.10",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36",
  failAuthorize: null,
};

export class RedirectStandIn extends Error {
  constructor(readonly url: string) {
    super("NEXT_REDIRECT");
  }
}

export function requestHeaders(): Headers {
  return new Headers({ "x-platform-client-ip": browser.address, "user-agent": browser.userAgent });
}

export async function auth() {
  return browser.cookie ? { user: browser.cookie.user, sessionId: browser.cookie.sessionId, expires: "" } : null;
}

export async function signIn(_provider: string, options: Record<string, unknown>): Promise<never> {
  const request = new Request("http://console.test/api/auth/callback/credentials", { method: "POST", headers: requestHeaders() });
  let user;
  try {
    if (browser.failAuthorize) throw browser.failAuthorize;
    user = await authorizeCredentials(options, request);
  } catch (error) {
    if (error instanceof AuthError) throw error;
    throw new CallbackRouteError();
  }
  if (!user) throw new CredentialsSignin();
  browser.cookie = { user: { id: user.id! }, sessionId: user.sessionId };
  throw new RedirectStandIn(String(options.redirectTo ?? "/"));
}

export async function signOut(options?: { redirectTo?: string }): Promise<never> {
  const sid = browser.cookie?.sessionId;
  browser.cookie = null;
  await endSignedOutSession({ sid });
  throw new RedirectStandIn(options?.redirectTo ?? "/");
}

export const handlers = {};
