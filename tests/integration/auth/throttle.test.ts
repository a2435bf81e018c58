import { describe, expect, it, vi } from "vitest";
import { checkPassword, signInWithPassword } from "@/lib/server/credentials";
import { db } from "@/lib/server/db";
import { verifyPassword } from "@/lib/server/password";
import { ACCOUNT_BUCKET, PAIR_BUCKET, sweepFullBuckets, throttleKeys } from "@/lib/server/sign-in-throttle";
import { bucketTokens, makeUserWithPassword, PASSWORD, testClock } from "./support";

// The sign-in throttle (lib/server/sign-in-throttle.ts) as the Credentials provider runs it
// (lib/server/credentials.ts), on the real database: every password check is counted by a spy on
// the argon2 verification, and the buckets' clock is passed in.

vi.mock("@/lib/server/password", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/server/password")>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});

const checks = () => vi.mocked(verifyPassword).mock.calls.length;
let addressCounter = 0;
/** A fresh client address (TEST-NET-2), so tests never share a bucket. */
const freshAddress = () => `198.51.100.${++addressCounter}`;

describe("one email from one address", () => {
  it("after 10 wrong passwords the right one is refused without being checked, until a token refills", async () => {
    const user = await makeUserWithPassword();
    const address = freshAddress();
    const at = testClock();
    for (let attempt = 0; attempt < PAIR_BUCKET.capacity; attempt++) {
      expect(await checkPassword(user.email, `wrong-${attempt}`, { address, now: at(attempt) })).toEqual({ outcome: "invalid" });
    }
    const before = checks();
    const refused = await checkPassword(user.email, PASSWORD, { address, now: at(10) });
    expect(refused).toEqual({ outcome: "throttled", retryAfterSeconds: expect.any(Number) });
    if (refused.outcome !== "throttled") throw new Error("unreachable");
    // Ten tokens spent by t=9 s, one refills at 90 s/token: ready at about t=90 s.
    expect(refused.retryAfterSeconds).toBeGreaterThan(60);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(PAIR_BUCKET.refillSeconds);
    expect(checks()).toBe(before);

    const later = await checkPassword(user.email, PASSWORD, { address, now: at(10 + refused.retryAfterSeconds) });
    expect(later).toEqual({ outcome: "valid", user: { id: user.id, email: user.email, name: user.name } });
  });

  it("a right password resets the address bucket and gives the account bucket its token back", async () => {
    const user = await makeUserWithPassword();
    const address = freshAddress();
    const at = testClock();
    for (let attempt = 0; attempt < 4; attempt++) await checkPassword(user.email, `wrong-${attempt}`, { address, now: at() });
    expect(await bucketTokens(user.email, address)).toEqual({ pair: PAIR_BUCKET.capacity - 4, account: ACCOUNT_BUCKET.capacity - 4 });

    expect((await checkPassword(user.email, PASSWORD, { address, now: at() })).outcome).toBe("valid");
    expect(await bucketTokens(user.email, address)).toEqual({ pair: null, account: ACCOUNT_BUCKET.capacity - 4 });
  });

  it("rows of buckets that are full again are deleted", async () => {
    const user = await makeUserWithPassword();
    const address = freshAddress();
    const at = testClock();
    await checkPassword(user.email, "wrong", { address, now: at() });
    expect(await bucketTokens(user.email, address)).toEqual({ pair: PAIR_BUCKET.capacity - 1, account: ACCOUNT_BUCKET.capacity - 1 });
    // A right password 30 s later: the account bucket has refilled by then, so its row goes.
    await checkPassword(user.email, PASSWORD, { address, now: at(ACCOUNT_BUCKET.refillSeconds) });
    expect(await bucketTokens(user.email, address)).toEqual({ pair: null, account: null });
  });

  it("the sweep deletes rows untouched for longer than a bucket takes to refill, and no others", async () => {
    const prisma = await db();
    const minutes = (n: number) => new Date(Date.now() + n * 60_000);
    const stale = `stale-${crypto.randomUUID()}`;
    const fresh = `fresh-${crypto.randomUUID()}`;
    await prisma.signInThrottle.createMany({
      data: [
        { key: stale, tokens: 0, updatedAt: minutes(-60) },
        { key: fresh, tokens: 0, updatedAt: minutes(0) },
      ],
    });
    // Eleven minutes on, so that this process's last sweep (if any) is more than ten minutes ago.
    await sweepFullBuckets(prisma, minutes(11));
    const left = await prisma.signInThrottle.findMany({ where: { key: { in: [stale, fresh] } }, select: { key: true } });
    expect(left).toEqual([{ key: fresh }]);
  });

  it("counts an unknown email like a known one, and IPv6 addresses per /64", async () => {
    const email = "nobody-here@example.test";
    const at = testClock();
    for (let attempt = 0; attempt < PAIR_BUCKET.capacity; attempt++) {
      // Ten different addresses of one /64.
      await checkPassword(email, "guess", { address: `2001:db8:77:1::${attempt + 1}`, now: at() });
    }
    expect((await checkPassword(email, "guess", { address: "2001:db8:77:1:ffff::9", now: at() })).outcome).toBe("throttled");
    expect((await checkPassword(email, "guess", { address: "2001:db8:77:2::1", now: at() })).outcome).toBe("invalid");
  });

  it("keys the rows by digests, never by the email or the address", async () => {
    const user = await makeUserWithPassword();
    const address = freshAddress();
    await checkPassword(user.email, "wrong", { address });
    const keys = throttleKeys(user.email, address);
    const prisma = await db();
    const rows = await prisma.signInThrottle.findMany({ where: { key: { in: [keys.pair, keys.account] } } });
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.key).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(row)).not.toContain(user.email);
      expect(JSON.stringify(row)).not.toContain(address);
    }
  });
});

describe("concurrent attempts", () => {
  it("40 at once for one email (39 wrong, 1 right): at most 10 password checks, the rest refused unchecked", async () => {
    const user = await makeUserWithPassword();
    const address = freshAddress();
    const now = testClock()();
    const before = checks();
    const passwords = Array.from({ length: 40 }, (_, index) => (index === 20 ? PASSWORD : `wrong-${index}`));
    const results = await Promise.all(passwords.map((password) => checkPassword(user.email, password, { address, now })));

    const checked = checks() - before;
    const counts = { valid: 0, invalid: 0, throttled: 0, unavailable: 0 };
    for (const result of results) counts[result.outcome]++;
    console.log(`[sign-in throttle] 40 concurrent attempts: ${checked} password checks, outcomes ${JSON.stringify(counts)}`);
    expect(checked).toBeLessThanOrEqual(PAIR_BUCKET.capacity);
    expect(counts.valid + counts.invalid).toBe(checked);
    expect(counts.throttled).toBe(40 - checked);
    expect(counts.unavailable).toBe(0);
  });
});

describe("many addresses", () => {
  it("a flood from one address never stops the right password from another address", async () => {
    const user = await makeUserWithPassword();
    const flooder = freshAddress();
    const at = testClock();
    // Half an hour of guessing from one address as fast as its bucket allows: 10 at once, then one
    // per 90 s. The account bucket refills faster than that, so it never runs dry.
    const period = 30 * 60;
    let guessed = 0;
    for (let second = 0; second <= period; second += PAIR_BUCKET.refillSeconds) {
      const burst = second === 0 ? PAIR_BUCKET.capacity + 5 : 2;
      for (let i = 0; i < burst; i++) {
        if ((await checkPassword(user.email, `guess-${second}-${i}`, { address: flooder, now: at(second) })).outcome === "invalid") guessed++;
      }
    }
    expect(guessed).toBe(PAIR_BUCKET.capacity + period / PAIR_BUCKET.refillSeconds);
    const { account } = await bucketTokens(user.email, flooder);
    expect(account ?? ACCOUNT_BUCKET.capacity).toBeGreaterThanOrEqual(ACCOUNT_BUCKET.capacity - PAIR_BUCKET.capacity);

    const owner = await checkPassword(user.email, PASSWORD, { address: freshAddress(), now: at(period) });
    expect(owner.outcome).toBe("valid");
  });

  it("many addresses together empty the account bucket: a backoff with a retry time, then the right password works", async () => {
    const user = await makeUserWithPassword();
    const at = testClock();
    // Five addresses, ten guesses each: the account's 50 tokens.
    for (let a = 0; a < ACCOUNT_BUCKET.capacity / PAIR_BUCKET.capacity; a++) {
      const address = freshAddress();
      for (let i = 0; i < PAIR_BUCKET.capacity; i++) await checkPassword(user.email, `botnet-${a}-${i}`, { address, now: at() });
    }
    const owner = freshAddress();
    const before = checks();
    const refused = await checkPassword(user.email, PASSWORD, { address: owner, now: at() });
    expect(refused).toEqual({ outcome: "throttled", retryAfterSeconds: ACCOUNT_BUCKET.refillSeconds });
    expect(checks()).toBe(before);
    // The owner's address bucket got its token back when the account bucket refused.
    expect((await bucketTokens(user.email, owner)).pair).toBeNull();

    const later = await checkPassword(user.email, PASSWORD, { address: owner, now: at(ACCOUNT_BUCKET.refillSeconds) });
    expect(later.outcome).toBe("valid");
  });
});

describe("signInWithPassword", () => {
  it("stores a session for a right password, with the user agent", async () => {
    const user = await makeUserWithPassword();
    const result = await signInWithPassword({ email: user.email.toUpperCase(), password: PASSWORD }, { address: freshAddress(), userAgent: "Vitest\u0000 browser" });
    expect(result).toMatchObject({ outcome: "signed-in", user: { id: user.id }, sessionId: expect.stringMatching(/^ses_[0-9A-Za-z]{16}$/) });
    if (result.outcome !== "signed-in") throw new Error("unreachable");
    const prisma = await db();
    const session = await prisma.session.findUniqueOrThrow({ where: { id: result.sessionId } });
    expect(session).toMatchObject({ userId: user.id, userAgent: "Vitest browser" });
    const days = (session.expiresAt.getTime() - session.createdAt.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(7, 5);
  });

  it("refuses malformed input without counting it", async () => {
    const address = freshAddress();
    expect(await signInWithPassword({ email: "not an email", password: "x" }, { address, userAgent: null })).toEqual({ outcome: "invalid" });
    expect(await signInWithPassword("nonsense", { address, userAgent: null })).toEqual({ outcome: "invalid" });
    expect(await bucketTokens("not an email", address)).toEqual({ pair: null, account: null });
  });
});
