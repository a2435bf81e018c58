import { newId } from "@/lib/ids";
import { db } from "@/lib/server/db";
import { hashPassword } from "@/lib/server/password";
import { throttleKeys } from "@/lib/server/sign-in-throttle";
import { unique } from "../../support/factories";

// Helpers for the sign-in tests: users with a real argon2id password, and the throttle's rows.

export const PASSWORD = "correct horse battery staple";

export type PasswordUser = { id: string; email: string; name: string };

export async function makeUserWithPassword(password = PASSWORD): Promise<PasswordUser> {
  const prisma = await db();
  const name = unique("signer");
  return prisma.user.create({
    data: { id: newId("user"), email: `${name}@example.test`, name, passwordHash: await hashPassword(password) },
    select: { id: true, email: true, name: true },
  });
}

/** The stored tokens of the (email, address) and account buckets; null where there is no row (full). */
export async function bucketTokens(email: string, address: string): Promise<{ pair: number | null; account: number | null }> {
  const keys = throttleKeys(email, address);
  const prisma = await db();
  const rows = await prisma.signInThrottle.findMany({ where: { key: { in: [keys.pair, keys.account] } } });
  const tokensOf = (key: string) => rows.find((row) => row.key === key)?.tokens ?? null;
  return { pair: tokensOf(keys.pair), account: tokensOf(keys.account) };
}

/**
 * A clock for the buckets: `at(seconds)` is that many seconds after the test started. It starts
 * at the real time because test files share the PostgreSQL database, and the throttle's sweep
 * (by the wall clock) deletes rows whose time lies far enough in the past.
 */
export function testClock(start = Date.now()) {
  return (seconds = 0) => new Date(start + seconds * 1000);
}
