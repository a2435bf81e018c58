import "server-only";
import { cache } from "react";
import { redirect } from "next/navigation";
import { auth } from "./auth";
import type { Actor } from "./authz";
import { db } from "./db";
import { unauthenticated } from "./errors";

export type CurrentUser = { id: string; email: string; name: string };

/** The signed-in user, re-read from the database (once per request), or null. */
export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const prisma = await db();
  return prisma.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true } });
});

/** For server actions: the caller as an Actor, or an "authentication-failed" error. */
export async function requireActor(): Promise<Actor> {
  const user = await currentUser();
  if (!user) throw unauthenticated();
  return { type: "user", userId: user.id };
}

/** For pages: the signed-in user, or a redirect to the sign-in page. */
export async function requireUserOrRedirect(): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
}

/** For pages and layouts: the caller as an Actor, or a redirect to the sign-in page. */
export async function pageActor(): Promise<Actor> {
  const user = await requireUserOrRedirect();
  return { type: "user", userId: user.id };
}
