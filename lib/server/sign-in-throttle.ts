import "server-only";
import { createHash } from "node:crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import { rateLimitAddressKey } from "@/lib/net/address-key";

// Password guessing is limited by two token buckets per sign-in, kept in the database (table
// "SignInThrottle") so that every Console instance on one PostgreSQL counts the same attempts.
// A token is taken BEFORE the password is checked, by one statement that refills and takes under
// the row's lock, so concurrent attempts serialize and no more than a bucket's tokens get checked.
//
//  1. Per (email, client address), the address counted per IPv4 address or IPv6 /64: ten tries,
//     then one more every 90 seconds. This is what slows down a guesser at one address.
//  2. Per account (email alone), so that a botnet cannot spread its guesses over many addresses:
//     50 tries, then one every 30 seconds. One address can take at most 10 at once and then one
//     per 90 s: less than the account bucket's capacity and a third of its refill, so a flood from
//     one address (up to three, in fact) never empties it and never blocks a sign-in from another
//     address. Four or more addresses together can empty it; from then on all of them share one
//     guess per 30 s (2,880 a day), and once the attack stops the account's owner waits at most
//     30 s for a token: a backoff, never a lock that outlives the attack.
//
// A correct password empties neither: it resets bucket 1 and returns bucket 2's token. Rows of
// buckets that are full again are deleted (a missing row is a full bucket).

export type Bucket = { readonly name: string; readonly capacity: number; readonly refillSeconds: number };

export const PAIR_BUCKET: Bucket = { name: "pair", capacity: 10, refillSeconds: 90 };
export const ACCOUNT_BUCKET: Bucket = { name: "account", capacity: 50, refillSeconds: 30 };
export const BUCKETS = [PAIR_BUCKET, ACCOUNT_BUCKET] as const;

/** How often one process deletes rows of buckets that have refilled since (stale attacks). */
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

/** The statements a bucket needs: a Prisma client or an interactive transaction. */
type Sql = Pick<Prisma.TransactionClient, "$queryRaw" | "$executeRaw">;

export type ThrottleKeys = { pair: string; account: string };

/**
 * The rows' keys: SHA-256 digests, so the table never holds an email or an address. The email is
 * the normalised one (signInSchema lower-cases it), so "A@x" and "a@x" share their buckets.
 */
export function throttleKeys(email: string, address: string): ThrottleKeys {
  const digest = (text: string) => createHash("sha256").update(text).digest("hex");
  return {
    pair: digest(`sign-in:pair:${email}\n${rateLimitAddressKey(address)}`),
    account: digest(`sign-in:account:${email}`),
  };
}

/** The bucket's tokens at `now`: what was stored plus the refill since, at most its capacity. */
function refilled(bucket: Bucket, now: Date): Prisma.Sql {
  return Prisma.sql`LEAST(${bucket.capacity}::float8, t."tokens" + GREATEST(0, EXTRACT(EPOCH FROM (${now}::timestamptz - t."updatedAt"))::float8) / ${bucket.refillSeconds}::float8)`;
}

/**
 * Takes one token, atomically: a new row starts full (so it is stored with capacity − 1), an
 * existing one is refilled and takes a token only while it holds at least one. Returns null when
 * a token was taken, or the seconds until the next one.
 */
export async function takeToken(sql: Sql, key: string, bucket: Bucket, now: Date): Promise<number | null> {
  const taken = await sql.$queryRaw<{ tokens: number }[]>`
    INSERT INTO "SignInThrottle" AS t ("key", "tokens", "updatedAt")
    VALUES (${key}, ${bucket.capacity}::float8 - 1, ${now}::timestamptz)
    ON CONFLICT ("key") DO UPDATE
      SET "tokens" = ${refilled(bucket, now)} - 1,
          "updatedAt" = GREATEST(t."updatedAt", ${now}::timestamptz)
      WHERE ${refilled(bucket, now)} >= 1
    RETURNING t."tokens"`;
  if (taken.length > 0) return null;
  // Refused: how long until the bucket holds a whole token (read for the message only).
  const rows = await sql.$queryRaw<{ tokens: number }[]>`
    SELECT ${refilled(bucket, now)} AS "tokens" FROM "SignInThrottle" AS t WHERE t."key" = ${key}`;
  const tokens = rows[0]?.tokens ?? 0;
  return Math.max(1, Math.ceil((1 - tokens) * bucket.refillSeconds));
}

/** Returns a token taken by takeToken; a bucket that is full again loses its row. */
export async function giveBackToken(sql: Sql, key: string, bucket: Bucket, now: Date): Promise<void> {
  await sql.$executeRaw`
    UPDATE "SignInThrottle" AS t
    SET "tokens" = LEAST(${bucket.capacity}::float8, ${refilled(bucket, now)} + 1),
        "updatedAt" = GREATEST(t."updatedAt", ${now}::timestamptz)
    WHERE t."key" = ${key}`;
  await sql.$executeRaw`DELETE FROM "SignInThrottle" WHERE "key" = ${key} AND "tokens" >= ${bucket.capacity}::float8`;
}

/** Makes a bucket full again (a correct password for this email from this address). */
export async function resetBucket(sql: Sql, key: string): Promise<void> {
  await sql.$executeRaw`DELETE FROM "SignInThrottle" WHERE "key" = ${key}`;
}

let lastSweep = 0;

/**
 * Deletes rows untouched for longer than any bucket takes to refill from empty: they are full, and
 * a missing row means the same. At most once per SWEEP_INTERVAL_MS per process, so an attack that
 * ended leaves no rows behind without a scan per sign-in. It goes by the wall clock, not by an
 * attempt's time: a row is only ever deleted once it is full by any instance's reckoning.
 */
export async function sweepFullBuckets(sql: Sql, wallClock = new Date()): Promise<void> {
  if (Math.abs(wallClock.getTime() - lastSweep) < SWEEP_INTERVAL_MS) return;
  lastSweep = wallClock.getTime();
  const longest = Math.max(...BUCKETS.map((bucket) => bucket.capacity * bucket.refillSeconds));
  const cutoff = new Date(wallClock.getTime() - longest * 1000);
  await sql.$executeRaw`DELETE FROM "SignInThrottle" WHERE "updatedAt" < ${cutoff}::timestamptz`;
}

/** "Too many failed attempts. Try again in N minutes." for a wait of `seconds`. */
export function throttledMessage(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
