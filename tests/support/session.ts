import type { Actor } from "@/lib/server/authz";
import { db } from "@/lib/server/db";
import { unauthenticated } from "@/lib/server/errors";

// The signed-in user as the mocked session module reports it. Tests switch users with asUser();
// next-auth itself needs a request context that integration tests do not have.
let current: Actor | null = null;

export function asUser(actor: Actor | null): void {
  current = actor;
}

export function signOut(): void {
  current = null;
}

/** Where the mocked Console requests come from: what the real requireActor() reads from headers(). */
export const TEST_CONSOLE_ORIGIN = { path: "console", address: "203.0.113.50", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36" } as const;

export async function requireActor(): Promise<Actor> {
  if (!current) throw unauthenticated();
  // Like the real one (lib/server/session.ts): a server action's Actor carries the Console origin.
  return { ...current, origin: current.origin ?? { ...TEST_CONSOLE_ORIGIN } };
}

/** The mocked requireSession: the asUser() user, re-read, with a session id that names no row. */
export async function requireSession() {
  const actor = await requireActor();
  if (actor.type !== "user") throw unauthenticated();
  const prisma = await db();
  const user = await prisma.user.findUnique({ where: { id: actor.userId }, select: { id: true, email: true, name: true } });
  if (!user) throw unauthenticated();
  return { user, sessionId: "ses_0000000000000000" };
}
