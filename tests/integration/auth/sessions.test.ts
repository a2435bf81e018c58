import { afterEach, describe, expect, it, vi } from "vitest";
import { authorizeCliAction } from "@/lib/server/actions/authorize-cli";
import { changePasswordAction } from "@/lib/server/actions/change-password";
import { createPersonalTokenAction } from "@/lib/server/actions/create-personal-token";
import { signInAction } from "@/lib/server/actions/sign-in";
import { signOutAction } from "@/lib/server/actions/sign-out";
import { signOutEverywhereAction } from "@/lib/server/actions/sign-out-everywhere";
import { createSession, listSessions, sessionUser } from "@/lib/server/data/sessions";
import { db } from "@/lib/server/db";
import { currentSession, currentUser, requireActor } from "@/lib/server/session";
import { browser, RedirectStandIn, type Cookie } from "./stand-in/auth";
import { bucketTokens, makeUserWithPassword, PASSWORD, type PasswordUser } from "./support";

// Sessions end when they should (issue 8, item 7): the real session module, actions and data
// access, with next-auth stood in for by one browser's cookie (./stand-in/auth.ts). The e2e spec
// e2e/auth-sessions.spec.ts does the same through next-auth itself.

vi.unmock("@/lib/server/session");
vi.mock("next-auth", () => import("./stand-in/next-auth"));
vi.mock("@/lib/server/auth", () => import("./stand-in/auth"));
vi.mock("next/headers", async () => {
  const { requestHeaders } = await import("./stand-in/auth");
  return { headers: async () => requestHeaders(), cookies: async () => ({ get: () => undefined, set: () => undefined }) };
});

const SESSION_ENDED = "Your session has ended. Sign in again.";
const CLI_REQUEST = {
  state: "state-for-the-session-test",
  redirect: "http://127.0.0.1:53682/callback",
  codeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
  codeChallengeMethod: "S256",
};
let addressCounter = 0;

afterEach(() => {
  browser.cookie = null;
  browser.failAuthorize = null;
});

/** Signs in through the login form's action from a fresh address; returns the cookie it got. */
async function signInAs(user: PasswordUser, password = PASSWORD): Promise<NonNullable<Cookie>> {
  browser.address = `203.0.113.${++addressCounter}`;
  await expect(signInAction({ email: user.email, password })).rejects.toBeInstanceOf(RedirectStandIn);
  expect(browser.cookie?.sessionId).toMatch(/^ses_/);
  return browser.cookie!;
}

describe("signing in", () => {
  it("stores a session row; the session is re-read with the user", async () => {
    const user = await makeUserWithPassword();
    const cookie = await signInAs(user);
    expect(await currentUser()).toEqual({ id: user.id, email: user.email, name: user.name });
    expect(await currentSession()).toEqual({ user: expect.objectContaining({ id: user.id }), sessionId: cookie.sessionId });
    expect(await listSessions(user.id)).toEqual([expect.objectContaining({ id: cookie.sessionId, userAgent: browser.userAgent })]);
  });

  it("a cookie without a session id (issued before sessions were stored) is not accepted", async () => {
    const user = await makeUserWithPassword();
    browser.cookie = { user: { id: user.id } };
    expect(await currentUser()).toBeNull();
  });

  it("reports wrong passwords, then the throttle, with their own messages", async () => {
    const user = await makeUserWithPassword();
    browser.address = "203.0.113.250";
    for (let attempt = 0; attempt < 10; attempt++) {
      expect(await signInAction({ email: user.email, password: `wrong-${attempt}` })).toEqual({
        ok: false,
        error: "The email or password is incorrect.",
      });
    }
    const refused = await signInAction({ email: user.email, password: PASSWORD });
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/^Too many failed attempts\. Try again in \d+ minutes?\.$/) });
    expect(browser.cookie).toBeNull();
  });

  it("a sign-in next-auth could not complete is reported as unavailable, not as a wrong password", async () => {
    const user = await makeUserWithPassword();
    browser.failAuthorize = new Error("connect ECONNREFUSED 127.0.0.1:5432");
    expect(await signInAction({ email: user.email, password: PASSWORD })).toEqual({
      ok: false,
      error: "The service is unavailable right now. Try again in a moment.",
    });
  });
});

describe("signing out", () => {
  it("ends the session: a copy of the old cookie is refused and cannot mint tokens", async () => {
    const user = await makeUserWithPassword();
    const copied = await signInAs(user);
    expect((await authorizeCliAction(CLI_REQUEST)).ok).toBe(true);

    await expect(signOutAction()).rejects.toBeInstanceOf(RedirectStandIn);
    browser.cookie = copied;
    expect(await currentUser()).toBeNull();
    await expect(requireActor()).rejects.toMatchObject({ code: "authentication-failed" });
    expect(await authorizeCliAction(CLI_REQUEST)).toEqual({ ok: false, error: SESSION_ENDED });
    expect(await createPersonalTokenAction({ name: "after sign-out" })).toEqual({ ok: false, error: SESSION_ENDED });
    const prisma = await db();
    expect(await prisma.session.count({ where: { id: copied.sessionId } })).toBe(0);
  });

  it("sign out of all sessions ends every session of the user, this one included, and no one else's", async () => {
    const user = await makeUserWithPassword();
    const other = await makeUserWithPassword();
    const laptop = await signInAs(user);
    const phone = await signInAs(user);
    const someoneElse = await signInAs(other);

    browser.cookie = phone;
    await expect(signOutEverywhereAction()).rejects.toBeInstanceOf(RedirectStandIn);
    for (const cookie of [laptop, phone]) {
      browser.cookie = cookie;
      expect(await currentUser()).toBeNull();
    }
    expect(await listSessions(user.id)).toEqual([]);
    browser.cookie = someoneElse;
    expect(await currentUser()).toMatchObject({ id: other.id });
  });

  it("without a session, sign out of all sessions is refused", async () => {
    expect(await signOutEverywhereAction()).toEqual({ ok: false, error: SESSION_ENDED });
  });
});

describe("changing the password", () => {
  it("ends every other session, keeps this one, and only the new password signs in", async () => {
    const user = await makeUserWithPassword();
    const other = await signInAs(user);
    const here = await signInAs(user);
    const newPassword = "a brand new passphrase";

    browser.cookie = here;
    expect(await changePasswordAction({ currentPassword: PASSWORD, newPassword })).toEqual({ ok: true, data: { endedSessions: 1 } });
    expect(await currentUser()).toMatchObject({ id: user.id });
    browser.cookie = other;
    expect(await currentUser()).toBeNull();
    expect(await authorizeCliAction(CLI_REQUEST)).toEqual({ ok: false, error: SESSION_ENDED });

    browser.cookie = null;
    expect(await signInAction({ email: user.email, password: PASSWORD })).toMatchObject({ ok: false });
    await signInAs(user, newPassword);
    const stored = await (await db()).user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.passwordHash).not.toContain(newPassword);
  });

  it("refuses a wrong current password (counted like a failed sign-in) and changes nothing", async () => {
    const user = await makeUserWithPassword();
    const other = await signInAs(user);
    browser.cookie = await signInAs(user);
    const before = await (await db()).user.findUniqueOrThrow({ where: { id: user.id } });

    expect(await changePasswordAction({ currentPassword: "not my password", newPassword: "a brand new passphrase" })).toEqual({
      ok: false,
      error: "Check the highlighted fields.",
      fieldErrors: { currentPassword: ["The current password is incorrect."] },
    });
    expect((await bucketTokens(user.email, browser.address)).pair).toBe(9);
    const after = await (await db()).user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.passwordHash).toBe(before.passwordHash);
    browser.cookie = other;
    expect(await currentUser()).toMatchObject({ id: user.id });
  });

  it("holds the new password to sign-up's rules", async () => {
    const user = await makeUserWithPassword();
    browser.cookie = await signInAs(user);
    expect(await changePasswordAction({ currentPassword: PASSWORD, newPassword: "short" })).toEqual({
      ok: false,
      error: "Check the highlighted fields.",
      fieldErrors: { newPassword: ["Use at least 10 characters."] },
    });
  });

  it("without a session, is refused", async () => {
    expect(await changePasswordAction({ currentPassword: PASSWORD, newPassword: "a brand new passphrase" })).toEqual({
      ok: false,
      error: SESSION_ENDED,
    });
  });
});

describe("session rows", () => {
  it("deleting a user deletes their sessions", async () => {
    const user = await makeUserWithPassword();
    const cookie = await signInAs(user);
    await (await db()).user.delete({ where: { id: user.id } });
    expect(await (await db()).session.count({ where: { id: cookie.sessionId } })).toBe(0);
    expect(await currentUser()).toBeNull();
  });

  it("an expired row, or a row of another user, does not count", async () => {
    const user = await makeUserWithPassword();
    const other = await makeUserWithPassword();
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000);
    const expired = await createSession(user.id, null, eightDaysAgo);
    expect(await sessionUser(user.id, expired)).toBeNull();
    const othersSession = await createSession(other.id, null);
    expect(await sessionUser(user.id, othersSession)).toBeNull();
    expect(await sessionUser(other.id, othersSession)).toMatchObject({ id: other.id });
  });
});
