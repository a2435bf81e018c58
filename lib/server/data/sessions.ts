import "server-only";
import { newId } from "@/lib/ids";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "../db";

// Console sessions. The session cookie is a JWT (next-auth's Credentials provider requires one),
// which cannot be withdrawn once issued; so each sign-in also stores a row here, the JWT carries
// the row's id (`sid`), and every request re-reads the row with the user. Deleting the row ends
// the session on the next request: sign-out, a password change, "sign out of all sessions", and a
// deleted user (the foreign key cascades).

/** A session lasts as long as its cookie (next-auth's maxAge): 7 days from sign-in. */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;
const USER_AGENT_MAX_LENGTH = 256;

export type CurrentUser = { id: string; email: string; name: string };
export type SessionSummary = { id: string; createdAt: Date; userAgent: string | null };

type Sql = Pick<Prisma.TransactionClient, "session">;

/** Stores a new session for `userId` and returns its id; the user's expired rows go at the same time. */
export async function createSession(userId: string, userAgent: string | null, now = new Date()): Promise<string> {
  const prisma = await db();
  const id = newId("session");
  const expiresAt = new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000);
  await prisma.$transaction([
    prisma.session.deleteMany({ where: { userId, expiresAt: { lte: now } } }),
    prisma.session.create({ data: { id, userId, createdAt: now, expiresAt, userAgent: cleanUserAgent(userAgent) } }),
  ]);
  return id;
}

/**
 * The user of a live session, in one query: null when the row is gone (signed out, revoked, user
 * deleted), has expired, or belongs to another user than the cookie names.
 */
export async function sessionUser(userId: string, sessionId: string, now = new Date()): Promise<CurrentUser | null> {
  const prisma = await db();
  const rows = await prisma.$queryRaw<CurrentUser[]>`
    SELECT u."id", u."email", u."name"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId"
    WHERE s."id" = ${sessionId} AND s."userId" = ${userId} AND s."expiresAt" > ${now}::timestamptz`;
  return rows[0] ?? null;
}

/** Ends one session (sign-out). */
export async function endSession(sessionId: string): Promise<void> {
  const prisma = await db();
  await prisma.session.deleteMany({ where: { id: sessionId } });
}

/** next-auth's signOut event (either sign-out path): ends the session the signed-out JWT named. */
export async function endSignedOutSession(token: Record<string, unknown> | null | undefined): Promise<void> {
  if (typeof token?.sid === "string") await endSession(token.sid);
}

/** Ends every session of the user but `keepSessionId` (after a password change); in `sql` if given. */
export async function endOtherSessions(userId: string, keepSessionId: string, sql?: Sql): Promise<number> {
  const client = sql ?? (await db());
  const { count } = await client.session.deleteMany({ where: { userId, id: { not: keepSessionId } } });
  return count;
}

/** Ends every session of the user ("Sign out of all sessions"). */
export async function endAllSessions(userId: string): Promise<number> {
  const prisma = await db();
  const { count } = await prisma.session.deleteMany({ where: { userId } });
  return count;
}

/** The user's live sessions, newest first. */
export async function listSessions(userId: string, now = new Date()): Promise<SessionSummary[]> {
  const prisma = await db();
  return prisma.session.findMany({
    where: { userId, expiresAt: { gt: now } },
    select: { id: true, createdAt: true, userAgent: true },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
}

/** A user agent is the client's to write: kept short and without control characters, or dropped. */
function cleanUserAgent(userAgent: string | null): string | null {
  const clean = userAgent?.replace(/[\u0000-\u001f\u007f-\u009f]/g, "").trim().slice(0, USER_AGENT_MAX_LENGTH);
  return clean ? clean : null;
}
