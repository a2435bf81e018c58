import "server-only";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authorizeCredentials } from "./authorize";
import { endSignedOutSession, SESSION_MAX_AGE_SECONDS } from "./data/sessions";
import { logError } from "./log";
import { safeRedirectPath } from "./redirects";

// Sessions are JWTs in an httpOnly cookie (the Credentials provider requires it). The JWT names
// the user and a row of the Session table (`sid`); every request re-reads both from the database
// (lib/server/session.ts), so sign-out, a password change or a deleted user ends the session on the
// next request, and a changed role takes effect at once.
//
// Every way to a session runs `authorize` (lib/server/authorize.ts): the Console's sign-in form
// (signInAction calls signIn), and next-auth's own POST /api/auth/callback/credentials. The
// password check and its throttle live there (lib/server/credentials.ts), not in any one caller.

declare module "next-auth" {
  interface User {
    /** The Session row created by this sign-in (set by authorize only). */
    sessionId?: string;
  }
  interface Session {
    sessionId?: string;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login" },
  trustHost: true,
  // A refused sign-in is an expected outcome, not a server error worth a stack trace in the log
  // (the credentials check logs a database failure itself).
  logger: {
    error(error) {
      // `type`, not `name`: class names do not survive minification in the production build.
      if ((error as { type?: string }).type === "CredentialsSignin") return;
      logError("auth", error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      authorize: authorizeCredentials,
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      // `user` is set only at sign-in: the JWT keeps the user's and the session row's ids.
      if (user?.id) token.sub = user.id;
      if (user?.sessionId) token.sid = user.sessionId;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      if (typeof token.sid === "string") session.sessionId = token.sid;
      return session;
    },
    // After sign-in or sign-out next-auth redirects to the callback URL it was given; on its own
    // routes that is the client's to choose, so it gets the same check as the login form's `next`.
    redirect({ url, baseUrl }) {
      const path = url.startsWith(`${baseUrl}/`) ? url.slice(baseUrl.length) : url;
      return `${baseUrl}${safeRedirectPath(path)}`;
    },
  },
  events: {
    // Both sign-out paths (signOutAction and next-auth's POST /api/auth/signout) end here: the
    // session row goes, so a copy of the cookie stops working too.
    async signOut(message) {
      if ("token" in message) await endSignedOutSession(message.token);
    },
  },
});
