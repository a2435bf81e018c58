import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { newId } from "@/lib/ids";
import { digestSecret } from "@/lib/keys/secret";
import { signUpSchema } from "@/lib/schemas/account";
import { acceptInvitationAction } from "@/lib/server/actions/accept-invitation";
import { inviteMemberAction } from "@/lib/server/actions/invite-member";
import { renewInvitationAction } from "@/lib/server/actions/renew-invitation";
import { resendVerificationAction } from "@/lib/server/actions/resend-verification";
import { verifyEmailAction } from "@/lib/server/actions/verify-email";
import { emailVerificationStatus } from "@/lib/server/data/email-verifications";
import { previewInvitation } from "@/lib/server/data/invitation-acceptance";
import { listInvitations } from "@/lib/server/data/invitations";
import { createUserWithWorkspace } from "@/lib/server/data/users";
import { INVITATION_MAIL_LIMITS } from "@/lib/server/data/mail-quota";
import { db } from "@/lib/server/db";
import { makeTenant, makeUser, unique } from "../../support/factories";
import { asUser } from "../../support/session";
import { linkIn, startSmtpServer, type TestSmtpServer } from "../../support/smtp";

// With PLATFORM_SMTP_URL set, against a real SMTP server started here: invitations and address
// verifications are mailed, and what the Console sent is read back from the server.

const SMTP_PASSWORD = "sm7p-Pa55word/with:odd@chars";
const PUBLIC_URL = "http://console.example.test";
let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startSmtpServer({ user: "console", password: SMTP_PASSWORD });
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  delete process.env.PLATFORM_SMTP_URL;
  delete process.env.PLATFORM_PUBLIC_URL;
  await smtp.close();
});
process.env.PLATFORM_PUBLIC_URL = PUBLIC_URL;

function useSmtp() {
  process.env.PLATFORM_SMTP_URL = smtp.url;
}

async function signUp(email = `${unique("person")}@example.test`) {
  const { userId } = await createUserWithWorkspace(signUpSchema.parse({ name: "Ada", email, password: "correct horse battery" }));
  return { userId, email, actor: { type: "user" as const, userId } };
}

const verifiedAt = async (userId: string) => (await (await db()).user.findUniqueOrThrow({ where: { id: userId } })).emailVerifiedAt;

describe("invitations by mail", () => {
  it("mail the link to the address, show the Admin no secret, and admit only that address, which it verifies", async () => {
    useSmtp();
    const tenant = await makeTenant();
    const invitee = await signUp();
    expect(await verifiedAt(invitee.userId)).toBeNull();
    asUser(tenant.owner.actor);
    const result = await inviteMemberAction({ workspaceId: tenant.workspaceId, email: invitee.email, role: "DEVELOPER" });
    expect(result).toMatchObject({ ok: true, data: { secret: null, invitation: { delivery: "EMAIL" } } });

    const [mail] = smtp.mailsTo(invitee.email).filter((m) => m.subject.startsWith("Join"));
    expect(mail?.text).toContain("as Developer");
    const link = linkIn(mail!, "/invite/");
    expect(link.origin).toBe(PUBLIC_URL);
    const secret = link.pathname.split("/").at(-1)!;
    expect(secret).toMatch(/^pcinv_[0-9A-Za-z]{38}$/);
    const prisma = await db();
    const row = await prisma.invitation.findFirstOrThrow({ where: { workspaceId: tenant.workspaceId, email: invitee.email } });
    expect(row).toMatchObject({ delivery: "EMAIL", secretDigest: digestSecret(secret) });

    // Someone else with the mailed link (a forwarded mail) cannot use it.
    const other = await makeUser();
    asUser(other.actor);
    expect(await previewInvitation(other.actor, { secret })).toEqual({ status: "wrong-email", invitedEmail: invitee.email, signedInAs: other.email });
    expect(await acceptInvitationAction({ secret })).toEqual({
      ok: false,
      error: `This invitation was sent to ${invitee.email}. Sign in with that address to accept it.`,
    });
    // Nor the right address without the secret.
    asUser(invitee.actor);
    expect((await acceptInvitationAction({ secret: secret.slice(0, -1) + (secret.endsWith("a") ? "b" : "a") })).ok).toBe(false);
    expect(await prisma.membership.count({ where: { workspaceId: tenant.workspaceId, userId: { in: [other.userId, invitee.userId] } } })).toBe(0);

    expect(await acceptInvitationAction({ secret })).toEqual({ ok: true, data: { workspaceId: tenant.workspaceId } });
    expect((await prisma.membership.findFirstOrThrow({ where: { workspaceId: tenant.workspaceId, userId: invitee.userId } })).role).toBe("DEVELOPER");
    expect(await verifiedAt(invitee.userId)).toBeInstanceOf(Date);
  });

  it("are not made when the mail cannot be sent, and the error and log name no password", async () => {
    const tenant = await makeTenant();
    process.env.PLATFORM_SMTP_URL = smtp.url.replace(encodeURIComponent(SMTP_PASSWORD), "wrong-password-123");
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    asUser(tenant.owner.actor);
    const email = `${unique("unsent")}@example.test`;
    const result = await inviteMemberAction({ workspaceId: tenant.workspaceId, email, role: "ADMIN" });
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining(`The invitation mail to ${email} could not be sent, so no invitation was made.`) });
    expect(await (await db()).invitation.count({ where: { workspaceId: tenant.workspaceId } })).toBe(0);
    const log = logged.mock.calls.flat().join("\n");
    expect(log).toContain("smtp://console:***@127.0.0.1");
    expect(log).toContain("EAUTH");
    for (const text of [log, JSON.stringify(result)]) {
      expect(text).not.toContain("wrong-password-123");
      expect(text).not.toContain(SMTP_PASSWORD);
    }

    // Renewing an invitation whose mail fails leaves the old link as it was.
    useSmtp();
    const sent = await inviteMemberAction({ workspaceId: tenant.workspaceId, email, role: "VIEWER" });
    if (!sent.ok) throw new Error(sent.error);
    const before = await (await db()).invitation.findUniqueOrThrow({ where: { id: sent.data.invitation.id } });
    process.env.PLATFORM_SMTP_URL = smtp.url.replace(/:\d+$/, ":1");
    const renewed = await renewInvitationAction({ invitationId: sent.data.invitation.id });
    expect(renewed).toMatchObject({ ok: false, error: expect.stringContaining("the previous link still works") });
    expect(await (await db()).invitation.findUniqueOrThrow({ where: { id: sent.data.invitation.id } })).toEqual(before);
    expect(await listInvitations(tenant.owner.actor, tenant.workspaceId)).toHaveLength(1);
    // Mails that failed used no quota: only the one that left is counted.
    expect(await (await db()).sentMail.count({ where: { senderId: tenant.owner.userId } })).toBe(1);
  });

  it(`are limited to ${INVITATION_MAIL_LIMITS.perHour} mails an hour per sender, on every instance (counted in the database), concurrent ones too`, async () => {
    useSmtp();
    const tenant = await makeTenant();
    const prisma = await db();
    // 18 mails already sent this hour; 5 invitations at once: 2 are sent, 3 refused, nothing else made.
    await prisma.sentMail.createMany({
      data: Array.from({ length: INVITATION_MAIL_LIMITS.perHour - 2 }, () => ({ id: newId("sentMail"), senderId: tenant.owner.userId, kind: "invitation" })),
    });
    asUser(tenant.owner.actor);
    const emails = Array.from({ length: 5 }, () => `${unique("quota")}@example.test`);
    const results = await Promise.all(emails.map((email) => inviteMemberAction({ workspaceId: tenant.workspaceId, email, role: "VIEWER" })));
    expect(results.filter((result) => result.ok)).toHaveLength(2);
    for (const refused of results.filter((result) => !result.ok)) {
      expect(refused).toEqual({ ok: false, error: "You have sent as many invitation emails as allowed (20 an hour). Try again later." });
    }
    expect(await prisma.invitation.count({ where: { workspaceId: tenant.workspaceId } })).toBe(2);
    expect(emails.reduce((sum, email) => sum + smtp.mailsTo(email).length, 0)).toBe(2);
    // Resending counts too.
    const sent = results.find((result) => result.ok)!;
    if (!sent.ok) throw new Error("unreachable");
    expect(await renewInvitationAction({ invitationId: sent.data.invitation.id })).toMatchObject({ ok: false, error: expect.stringContaining("20 an hour") });
    // An hour later the sender may invite again.
    await prisma.sentMail.updateMany({ where: { senderId: tenant.owner.userId }, data: { createdAt: new Date(Date.now() - 61 * 60 * 1000) } });
    expect((await inviteMemberAction({ workspaceId: tenant.workspaceId, email: `${unique("later")}@example.test`, role: "VIEWER" })).ok).toBe(true);
  });
});

describe("address verification", () => {
  it("mails a one-time link at sign-up that verifies the address once", async () => {
    useSmtp();
    const user = await signUp();
    const [mail] = smtp.mailsTo(user.email);
    expect(mail?.subject).toBe("Verify your email address for Platform Console");
    const link = linkIn(mail!, "/verify-email/");
    expect(link.origin).toBe(PUBLIC_URL);
    const secret = link.pathname.split("/").at(-1)!;
    expect(secret).toMatch(/^pcev_[0-9A-Za-z]{38}$/);
    const prisma = await db();
    const row = await prisma.emailVerification.findFirstOrThrow({ where: { userId: user.userId } });
    expect(row.digest).toBe(digestSecret(secret));
    expect(Math.round((row.expiresAt.getTime() - row.createdAt.getTime()) / 3_600_000)).toBe(24);

    expect(await emailVerificationStatus(user.actor)).toEqual({ email: user.email, verified: false, linkSent: true });
    expect(await verifyEmailAction({ secret })).toEqual({ ok: true, data: { email: user.email } });
    expect(await verifiedAt(user.userId)).toBeInstanceOf(Date);
    expect(await emailVerificationStatus(user.actor)).toMatchObject({ verified: true });
    expect(await verifyEmailAction({ secret })).toEqual({ ok: false, error: "This verification link has already been used." });
    expect(await verifyEmailAction({ secret: secret.replace(/.$/, (c) => (c === "a" ? "b" : "a")) })).toMatchObject({ ok: false });
  });

  it("refuses an expired link, and resends at most once a minute and five times a day, also when clicked at once", async () => {
    useSmtp();
    const user = await signUp();
    const prisma = await db();
    const first = linkIn(smtp.mailsTo(user.email)[0]!, "/verify-email/").pathname.split("/").at(-1)!;
    await prisma.emailVerification.updateMany({ where: { userId: user.userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await verifyEmailAction({ secret: first })).toEqual({ ok: false, error: "This verification link has expired. Sign in and ask for a new one." });
    expect(await verifiedAt(user.userId)).toBeNull();

    asUser(user.actor);
    expect(await resendVerificationAction({})).toMatchObject({ ok: false, error: expect.stringContaining("less than a minute ago") });
    const age = async () =>
      prisma.emailVerification.updateMany({ where: { userId: user.userId }, data: { createdAt: new Date(Date.now() - 2 * 60_000) } });
    await age();
    const clicks = await Promise.all(Array.from({ length: 5 }, () => resendVerificationAction({})));
    expect(clicks.filter((click) => click.ok)).toHaveLength(1);
    expect(smtp.mailsTo(user.email)).toHaveLength(2);
    for (let sent = 2; sent < 5; sent++) {
      await age();
      expect(await resendVerificationAction({})).toEqual({ ok: true, data: { sentTo: user.email } });
    }
    await age();
    expect(await resendVerificationAction({})).toMatchObject({ ok: false, error: expect.stringContaining("Try again tomorrow") });
    expect(smtp.mailsTo(user.email)).toHaveLength(5);

    const latest = linkIn(smtp.mailsTo(user.email).at(-1)!, "/verify-email/").pathname.split("/").at(-1)!;
    expect(await verifyEmailAction({ secret: latest })).toMatchObject({ ok: true });
    expect(await resendVerificationAction({})).toEqual({ ok: false, error: "Your email address is already verified." });
  });

  it("does nothing without SMTP: no mail, the address stays unverified, resend says why", async () => {
    delete process.env.PLATFORM_SMTP_URL;
    const before = smtp.mails.length;
    const user = await signUp();
    expect(smtp.mails.length).toBe(before);
    expect(await verifiedAt(user.userId)).toBeNull();
    expect(await (await db()).emailVerification.count({ where: { userId: user.userId } })).toBe(0);
    expect(await emailVerificationStatus(user.actor)).toBeNull();
    asUser(user.actor);
    expect(await resendVerificationAction({})).toEqual({ ok: false, error: "This Console does not send mail, so addresses are not verified." });
  });
});
