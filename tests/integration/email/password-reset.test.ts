import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { digestSecret } from "@/lib/keys/secret";
import { signUpSchema } from "@/lib/schemas/account";
import { requestPasswordResetAction } from "@/lib/server/actions/request-password-reset";
import { resetPasswordAction } from "@/lib/server/actions/reset-password";
import { checkPassword } from "@/lib/server/credentials";
import { createPersonalToken } from "@/lib/server/data/access-tokens";
import { previewPasswordReset, RESET_LIMITS } from "@/lib/server/data/password-resets";
import { createSession } from "@/lib/server/data/sessions";
import { createUserWithWorkspace } from "@/lib/server/data/users";
import { db } from "@/lib/server/db";
import { unique } from "../../support/factories";
import { linkIn, startSmtpServer, type TestSmtpServer } from "../../support/smtp";

// "Forgot password?" against a real SMTP server: the link reaches only the address, works once, for
// an hour; using it sets the password, proves the address, ends every session, and takes the
// account back from whoever signed up with an address that was not theirs.

// Each request from its own address unless a test says otherwise (the per-address limit has its own test).
let requests = 0;
let fixedAddress: string | null = null;
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-platform-client-ip": fixedAddress ?? `203.0.113.${++requests % 250}` }),
}));

const PUBLIC_URL = "http://console.example.test";
const NEW_PASSWORD = "a brand new passphrase";
let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startSmtpServer({ user: "console", password: "smtp-secret" });
  process.env.PLATFORM_SMTP_URL = smtp.url;
  process.env.PLATFORM_PUBLIC_URL = PUBLIC_URL;
});
afterAll(async () => {
  delete process.env.PLATFORM_SMTP_URL;
  delete process.env.PLATFORM_PUBLIC_URL;
  await smtp.close();
});

async function signUp(email = `${unique("person")}@example.test`, password = "the squatter's password") {
  const { userId } = await createUserWithWorkspace(signUpSchema.parse({ name: "Someone", email, password }));
  return { userId, email };
}

/** The secret of the newest reset mail to `email`, waiting for it: the mail leaves after the answer. */
async function resetSecretMailedTo(email: string, count = 1): Promise<string> {
  await vi.waitFor(() => expect(smtp.mailsTo(email).filter((m) => m.subject.includes("Reset")).length).toBe(count), { timeout: 10_000 });
  const mail = smtp.mailsTo(email).filter((m) => m.subject.includes("Reset")).at(-1)!;
  const link = linkIn(mail, "/reset-password/");
  expect(link.origin).toBe(PUBLIC_URL);
  return link.pathname.split("/").at(-1)!;
}

const context = { address: "203.0.113.10" };

describe("password reset by mail", () => {
  it("lets the owner of an address take back an unverified account: new password, verified, sessions ended, tokens revoked", async () => {
    const squatter = await signUp();
    const prisma = await db();
    await createSession(squatter.userId, "squatter's browser");
    const { plaintext } = await createPersonalToken({ type: "user", userId: squatter.userId }, { name: "squatter's token" });

    expect(await requestPasswordResetAction({ email: squatter.email.toUpperCase() })).toEqual({ ok: true, data: { email: squatter.email } });
    const secret = await resetSecretMailedTo(squatter.email);
    expect(secret).toMatch(/^pcpwr_[0-9A-Za-z]{38}$/);
    // Stored as a digest only.
    const row = await prisma.passwordReset.findFirstOrThrow({ where: { userId: squatter.userId } });
    expect(row.digest).toBe(digestSecret(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(await previewPasswordReset(secret)).toEqual({ status: "pending", email: squatter.email });

    const result = await resetPasswordAction({ secret, password: NEW_PASSWORD });
    expect(result).toEqual({ ok: true, data: { email: squatter.email, endedSessions: 1, revokedTokens: 1 } });
    const user = await prisma.user.findUniqueOrThrow({ where: { id: squatter.userId } });
    expect(user.emailVerifiedAt).not.toBeNull();
    expect(await prisma.session.count({ where: { userId: squatter.userId } })).toBe(0);
    expect(await prisma.accessToken.count({ where: { userId: squatter.userId } })).toBe(0);
    expect(plaintext).toMatch(/^pcpat_/);
    expect((await checkPassword(squatter.email, "the squatter's password", context)).outcome).toBe("invalid");
    expect((await checkPassword(squatter.email, NEW_PASSWORD, context)).outcome).toBe("valid");

    // Once only, even with the right password again.
    expect(await resetPasswordAction({ secret, password: "yet another passphrase" })).toEqual({
      ok: false,
      error: "This reset link has already been used.",
    });
    expect(await previewPasswordReset(secret)).toEqual({ status: "used" });
    expect((await checkPassword(squatter.email, NEW_PASSWORD, context)).outcome).toBe("valid");
  });

  it("keeps the tokens of an account whose address was already proven", async () => {
    const owner = await signUp();
    const prisma = await db();
    await prisma.user.update({ where: { id: owner.userId }, data: { emailVerifiedAt: new Date() } });
    await createPersonalToken({ type: "user", userId: owner.userId }, { name: "ci" });
    await requestPasswordResetAction({ email: owner.email });
    const secret = await resetSecretMailedTo(owner.email);
    expect(await resetPasswordAction({ secret, password: NEW_PASSWORD })).toMatchObject({ ok: true, data: { revokedTokens: 0 } });
    expect(await prisma.accessToken.count({ where: { userId: owner.userId } })).toBe(1);
  });

  it("answers the same for an address without an account, and mails nothing", async () => {
    const nobody = `${unique("nobody")}@example.test`;
    expect(await requestPasswordResetAction({ email: nobody })).toEqual({ ok: true, data: { email: nobody } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.mailsTo(nobody)).toEqual([]);
  });

  it("refuses bad input, expired links, concurrent double use, and a link whose account changed address", async () => {
    expect(await requestPasswordResetAction({ email: "not an address" })).toMatchObject({ ok: false, fieldErrors: { email: expect.any(Array) } });
    expect(await resetPasswordAction({ secret: "pcpwr_" + "a".repeat(38), password: "short" })).toMatchObject({
      ok: false,
      fieldErrors: { password: ["Use at least 10 characters."] },
    });
    expect(await resetPasswordAction({ secret: "pcpwr_" + "a".repeat(38), password: NEW_PASSWORD })).toEqual({
      ok: false,
      error: "This reset link is not valid. Ask for a new one on the sign-in page.",
    });

    const person = await signUp();
    const prisma = await db();
    await requestPasswordResetAction({ email: person.email });
    const secret = await resetSecretMailedTo(person.email);
    // Two submissions at once: one resets, the other is told the link was used.
    const results = await Promise.all([
      resetPasswordAction({ secret, password: "first concurrent pass" }),
      resetPasswordAction({ secret, password: "second concurrent pass" }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: "This reset link has already been used." }]);

    // An expired link: nothing changes.
    await prisma.passwordReset.deleteMany({ where: { userId: person.userId } });
    await requestPasswordResetAction({ email: person.email });
    const expired = await resetSecretMailedTo(person.email, 2);
    await prisma.passwordReset.updateMany({ where: { digest: digestSecret(expired) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const before = (await prisma.user.findUniqueOrThrow({ where: { id: person.userId } })).passwordHash;
    expect(await resetPasswordAction({ secret: expired, password: NEW_PASSWORD })).toEqual({
      ok: false,
      error: "This reset link has expired. Ask for a new one on the sign-in page.",
    });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: person.userId } })).passwordHash).toBe(before);

    // The account's address changed after the link was mailed: the link proves nothing any more.
    const mover = await signUp();
    await requestPasswordResetAction({ email: mover.email });
    const stale = await resetSecretMailedTo(mover.email);
    await prisma.user.update({ where: { id: mover.userId }, data: { email: `${unique("moved")}@example.test` } });
    expect(await resetPasswordAction({ secret: stale, password: NEW_PASSWORD })).toEqual({
      ok: false,
      error: "This reset link is not valid. Ask for a new one on the sign-in page.",
    });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: mover.userId } })).emailVerifiedAt).toBeNull();
  });

  it("refuses the 11th request from one address in a burst, whatever the addresses asked for", async () => {
    fixedAddress = "198.51.100.77";
    try {
      const answers = [];
      for (let i = 0; i < 11; i++) answers.push(await requestPasswordResetAction({ email: `${unique("spray")}@example.test` }));
      expect(answers.slice(0, 10).every((answer) => answer.ok)).toBe(true);
      expect(answers[10]).toEqual({ ok: false, error: expect.stringMatching(/^Too many reset requests from your network\. Try again in \d+ seconds\.$/) });
    } finally {
      fixedAddress = null;
    }
  });

  it(`mails one link a minute and ${RESET_LIMITS.perDay} a day per account, silently`, async () => {
    const person = await signUp();
    const answers = await Promise.all(Array.from({ length: 5 }, () => requestPasswordResetAction({ email: person.email })));
    expect(answers.every((answer) => answer.ok)).toBe(true);
    await resetSecretMailedTo(person.email, 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.mailsTo(person.email).filter((m) => m.subject.includes("Reset"))).toHaveLength(1);
    expect(await (await db()).passwordReset.count({ where: { userId: person.userId } })).toBe(1);
  });
});
