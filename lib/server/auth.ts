import "server-only";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { signInSchema } from "@/lib/schemas/account";
import { db } from "./db";
import { logError } from "./log";
import { verifyPassword } from "./password";

// Sessions are JWTs in an httpOnly cookie (the Credentials provider requires it). The JWT names
// the user only; every action re-reads the user and their membership from the database, so a
// deleted user or a changed role takes effect on the next request.

export const { handlers, auth, signIn, signOut } = NextAuth({
  session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
  pages: { signIn: "/login" },
  trustHost: true,
  // A wrong password is an expected outcome, not a server error worth a stack trace in the log.
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
      async authorize(raw) {
        const parsed = signInSchema.safeParse(raw);
        if (!parsed.success) return null;
        const prisma = await db();
        const user = await prisma.user.findUnique({
          where: { email: parsed.data.email },
          select: { id: true, email: true, name: true, passwordHash: true },
        });
        const valid = await verifyPassword(user?.passwordHash, parsed.data.password);
        return valid && user ? { id: user.id, email: user.email, name: user.name } : null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
});
