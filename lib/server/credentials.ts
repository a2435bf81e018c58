import "server-only";
import { signInSchema } from "@/lib/schemas/account";
import { recordFailedSignIn } from "./data/audit-sign-in";
import { createSession, type CurrentUser } from "./data/sessions";
import { SERVICE_UNAVAILABLE_MESSAGE } from "./database-outage";
import { db } from "./db";
import { logError } from "./log";
import { verifyPassword } from "./password";
import {
  ACCOUNT_BUCKET,
  PAIR_BUCKET,
  giveBackToken,
  resetBucket,
  sweepFullBuckets,
  takeToken,
  throttleKeys,
} from "./sign-in-throttle";

// The one place a password is checked: next-auth's Credentials provider (every path to a session,
// lib/server/auth.ts) and the current-password check of a password change both come here, so the
// throttle (lib/server/sign-in-throttle.ts) cannot be walked around.
//
// Order matters. The throttle's tokens are taken and the user's password hash is read in ONE
// transaction, before the (slow) password check: if the database fails anywhere in it, nothing was
// counted, and a token is never spent on a check that did not happen. A sign-in the server could
// not check is reported as "unavailable", never as a wrong password.

export const INVALID_CREDENTIALS_MESSAGE = "The email or password is incorrect.";
export const SIGN_IN_UNAVAILABLE_MESSAGE = SERVICE_UNAVAILABLE_MESSAGE;

export type AttemptContext = {
  /** The client's address (lib/server/client-address.ts). */
  address: string;
  /** The time of the attempt; tests set it to move the buckets' clock. */
  now?: Date;
};

export type PasswordCheck =
  | { outcome: "valid"; user: CurrentUser }
  | { outcome: "invalid" }
  | { outcome: "throttled"; retryAfterSeconds: number }
  | { outcome: "unavailable" };

export type SignInResult = { outcome: "signed-in"; user: CurrentUser; sessionId: string } | Exclude<PasswordCheck, { outcome: "valid" }>;

/**
 * The throttle's transactions are a few statements long, but a burst of sign-ins queues for the
 * pool's connections: they wait up to 10 s for one (Prisma's default is 2 s, after which the
 * attempt would be "unavailable" for no fault of the database).
 */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 10_000 } as const;

/** Thrown inside the transaction to roll back the address bucket's token when the account's refuses. */
class AccountThrottled extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("The account's sign-in bucket is empty.");
  }
}

type Candidate = { user: (CurrentUser & { passwordHash: string | null }) | null } | { retryAfterSeconds: number };

/** Takes both buckets' tokens and reads the user, all or nothing. */
async function takeAttempt(email: string, context: AttemptContext, now: Date): Promise<Candidate> {
  const keys = throttleKeys(email, context.address);
  const prisma = await db();
  try {
    return await prisma.$transaction(async (tx) => {
      const addressWait = await takeToken(tx, keys.pair, PAIR_BUCKET, now);
      if (addressWait !== null) return { retryAfterSeconds: addressWait };
      const accountWait = await takeToken(tx, keys.account, ACCOUNT_BUCKET, now);
      if (accountWait !== null) throw new AccountThrottled(accountWait);
      const user = await tx.user.findUnique({
        where: { email },
        select: { id: true, email: true, name: true, passwordHash: true },
      });
      return { user };
    }, TRANSACTION_OPTIONS);
  } catch (error) {
    if (error instanceof AccountThrottled) return { retryAfterSeconds: error.retryAfterSeconds };
    throw error;
  }
}

/** After a correct password: this address's bucket is full again, and the account gets its token back. */
async function settleValid(email: string, context: AttemptContext, now: Date): Promise<void> {
  const keys = throttleKeys(email, context.address);
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    await resetBucket(tx, keys.pair);
    await giveBackToken(tx, keys.account, ACCOUNT_BUCKET, now);
  }, TRANSACTION_OPTIONS);
}

/** Checks `password` for the (normalised) `email`, throttled. */
export async function checkPassword(email: string, password: string, context: AttemptContext): Promise<PasswordCheck> {
  const check = await checkPasswordOf(email, password, context);
  return check.outcome === "invalid" ? { outcome: "invalid" } : check;
}

/** checkPassword, saying (to the sign-in only) which account a wrong password was for. */
async function checkPasswordOf(
  email: string,
  password: string,
  context: AttemptContext,
): Promise<PasswordCheck | { outcome: "invalid"; userId: string }> {
  const now = context.now ?? new Date();
  let candidate: Candidate;
  try {
    candidate = await takeAttempt(email, context, now);
  } catch (error) {
    logError("sign-in", error);
    return { outcome: "unavailable" };
  }
  if ("retryAfterSeconds" in candidate) return { outcome: "throttled", retryAfterSeconds: candidate.retryAfterSeconds };

  const { user } = candidate;
  // verifyPassword checks against a decoy hash when there is no user, so the time taken does not
  // tell whether the email has an account.
  const valid = await verifyPassword(user?.passwordHash, password);
  if (!valid || !user) {
    await db()
      .then((prisma) => sweepFullBuckets(prisma))
      .catch((error) => logError("sign-in throttle sweep", error));
    return user ? { outcome: "invalid", userId: user.id } : { outcome: "invalid" };
  }
  try {
    await settleValid(email, context, now);
  } catch (error) {
    logError("sign-in", error);
    return { outcome: "unavailable" };
  }
  return { outcome: "valid", user: { id: user.id, email: user.email, name: user.name } };
}

/** The Credentials provider's check: parses the form, checks the password, stores a session. */
export async function signInWithPassword(
  raw: unknown,
  context: AttemptContext & { userAgent: string | null },
): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return { outcome: "invalid" };
  const check = await checkPasswordOf(parsed.data.email, parsed.data.password, context);
  if (check.outcome === "invalid") {
    if ("userId" in check) {
      const origin = { path: "console" as const, address: context.address === "unknown" ? null : context.address, userAgent: context.userAgent?.slice(0, 256) ?? null };
      await recordFailedSignIn(check.userId, parsed.data.email, origin);
    }
    return { outcome: "invalid" };
  }
  if (check.outcome !== "valid") return check;
  try {
    const sessionId = await createSession(check.user.id, context.userAgent, context.now);
    return { outcome: "signed-in", user: check.user, sessionId };
  } catch (error) {
    logError("sign-in", error);
    return { outcome: "unavailable" };
  }
}
