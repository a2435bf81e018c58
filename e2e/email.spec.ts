import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { linkIn, startSmtpServer, type TestSmtpServer } from "../tests/support/smtp";
import { DEMO, shot, signIn, uniqueName } from "./support";

// With SMTP: a second Console (the same build, its own embedded database, PLATFORM_SMTP_URL pointing
// at a real SMTP server this spec runs) mails invitations and verification links, and the mail is
// read back from that server. Its own origin (127.0.0.1, another port) keeps its cookies apart
// from the main e2e server's.

const ROOT = path.resolve(import.meta.dirname, "..");
const PORT = Number(process.env.E2E_PORT || 3210) + 2;
const ORIGIN = `http://127.0.0.1:${PORT}`;
// Inside the main server's (git-ignored) e2e data folder, in a folder of its own.
const DATA_DIR = path.join(ROOT, "e2e", ".data", "smtp-console");
const SMTP_PASSWORD = "e2e-smtp-Secret";

let smtp: TestSmtpServer;
let server: ChildProcess;
let serverLog = "";

test.describe.configure({ mode: "serial" });
test.use({ baseURL: ORIGIN, storageState: { cookies: [], origins: [] } });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  smtp = await startSmtpServer({ user: "console", password: SMTP_PASSWORD });
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(PORT),
    GATEWAY_PORT: "off",
    PLATFORM_DATA_DIR: DATA_DIR,
    PLATFORM_DEMO: "1",
    PLATFORM_SMTP_URL: smtp.url,
    PLATFORM_PUBLIC_URL: ORIGIN,
  };
  delete env.DATABASE_URL;
  delete env.AUTH_SECRET;
  server = spawn(process.execPath, [path.join(ROOT, "scripts", "start.mjs")], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  server.stdout!.on("data", (chunk) => (serverLog += chunk));
  server.stderr!.on("data", (chunk) => (serverLog += chunk));
  await expect
    .poll(async () => fetch(`${ORIGIN}/api/health`).then((response) => response.status, () => 0), { timeout: 170_000, intervals: [500] })
    .toBe(200);
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  await smtp?.close();
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
});

async function signUpAt(page: Page, email: string, name: string, next?: string) {
  await page.goto(next ? `/signup?next=${encodeURIComponent(next)}` : "/signup");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct-horse-battery");
  await page.getByRole("button", { name: "Create account" }).click();
}

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: ORIGIN, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  return page;
}

async function inviteAsDemo(page: Page, email: string) {
  await signIn(page);
  await page.goto("/?all=1");
  await page.getByRole("link", { name: new RegExp(`^${DEMO.workspace}`) }).click();
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("button", { name: "Invite member" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite a member" });
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Role", { exact: true }).selectOption("DEVELOPER");
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  return page.getByRole("dialog", { name: "Invitation sent" });
}

test("an emailed invitation admits only its address, and verifies it", async ({ page, browser }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const email = `${uniqueName("ivy")}@example.test`;
  const sent = await inviteAsDemo(page, email);
  await expect(sent).toContainText(`We emailed ${email} a link to join Acme as Developer.`);
  await shot(page, "invite-sent-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "invite-sent-390");
  await page.setViewportSize({ width: 1280, height: 800 });
  await sent.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("invitation-row").filter({ hasText: email })).toContainText("Developer · emailed");

  const [mail] = smtp.mailsTo(email);
  const link = linkIn(mail!, "/invite/");
  expect(link.origin).toBe(ORIGIN);

  // Someone else who got the link (a forwarded mail) is told it is not theirs.
  const stranger = await freshPage(browser);
  await signUpAt(stranger, `${uniqueName("stranger")}@example.test`, "Sam Stranger", link.pathname);
  await expect(stranger.getByRole("heading", { name: "This invitation is for someone else" })).toBeVisible();
  await shot(stranger, "invitation-wrong-email-1280");
  await stranger.context().close();

  // The invitee signs up with the invited address from the link, accepts, and is verified by it.
  const invitee = await freshPage(browser);
  await signUpAt(invitee, email, "Ivy Invitee", link.pathname);
  await expect(invitee.getByRole("heading", { name: "Join Acme" })).toBeVisible();
  await invitee.getByRole("button", { name: "Accept invitation" }).click();
  await expect(invitee.getByRole("heading", { name: "Acme" })).toBeVisible();
  await expect(invitee.getByTestId("verify-email-banner")).toHaveCount(0);
  await invitee.context().close();
  expect(serverLog).not.toContain(link.pathname.split("/").at(-1)!);
  expect(serverLog).not.toContain(SMTP_PASSWORD);
});

test("a new account is unverified until it opens the mailed link, once", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const email = `${uniqueName("newbie")}@example.test`;
  await signUpAt(page, email, "Nora Newbie");
  const banner = page.getByTestId("verify-email-banner");
  await expect(banner).toContainText(`${email} is unverified.`);
  await banner.getByRole("button", { name: "Resend email" }).click();
  await expect(banner.getByRole("status")).toContainText("less than a minute ago");
  await shot(page, "verify-banner-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "verify-banner-390");
  await page.setViewportSize({ width: 1280, height: 800 });

  const link = linkIn(smtp.mailsTo(email)[0]!, "/verify-email/");
  await page.goto(link.pathname);
  await expect(page.getByRole("heading", { name: "Verify your email address" })).toBeVisible();
  await shot(page, "verify-page-1280");
  await page.getByRole("button", { name: "Verify email address" }).click();
  await expect(page.getByRole("status")).toHaveText(`${email} is verified.`);
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "verify-page-done-390");
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Nora Newbie's workspace" })).toBeVisible();
  await expect(page.getByTestId("verify-email-banner")).toHaveCount(0);
  await page.goto(link.pathname);
  await expect(page.getByRole("heading", { name: "This link has already been used" })).toBeVisible();
});

test("the owner of an address takes back an account someone else signed up with: Forgot password?", async ({ page, browser }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const email = `${uniqueName("owner")}@example.test`;
  // Someone who does not own the address signs up with it, and stays signed in.
  await signUpAt(page, email, "Squatter");
  await expect(page.getByTestId("verify-email-banner")).toBeVisible();

  // The owner, in another browser, asks for a reset link from the sign-in page.
  const owner = await freshPage(browser);
  await owner.goto("/login");
  await owner.getByRole("link", { name: "Forgot password?" }).click();
  await expect(owner.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await owner.getByLabel("Email").fill(email);
  await owner.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(owner.getByRole("status")).toContainText(`If an account uses ${email}, a link to reset its password is on its way.`);
  await shot(owner, "forgot-password-sent-1280");
  await expect.poll(() => smtp.mailsTo(email).filter((mail) => mail.subject.includes("Reset")).length, { timeout: 15_000 }).toBe(1);
  const link = linkIn(smtp.mailsTo(email).find((mail) => mail.subject.includes("Reset"))!, "/reset-password/");

  await owner.goto(link.pathname);
  await expect(owner.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await owner.getByLabel("New password").fill("short");
  await owner.getByRole("button", { name: "Set new password" }).click();
  await expect(owner.getByText("Use at least 10 characters.")).toBeVisible();
  await owner.setViewportSize({ width: 390, height: 844 });
  await shot(owner, "reset-password-390");
  await owner.setViewportSize({ width: 1280, height: 800 });
  await owner.getByLabel("New password").fill("the owner's own passphrase");
  await owner.getByRole("button", { name: "Set new password" }).click();
  await expect(owner.getByRole("status")).toContainText("Your password is changed and every session has ended.");
  await owner.getByRole("link", { name: "Sign in" }).click();
  await owner.getByLabel("Email").fill(email);
  await owner.getByLabel("Password").fill("the owner's own passphrase");
  await owner.getByRole("button", { name: "Sign in" }).click();
  await expect(owner.getByRole("heading", { name: "Squatter's workspace" })).toBeVisible();
  // The address is proven now.
  await expect(owner.getByTestId("verify-email-banner")).toHaveCount(0);

  // The squatter's session is over, and their password no longer works.
  await page.reload();
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct-horse-battery");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("The email or password is incorrect.")).toBeVisible();

  // The link worked once.
  await owner.goto(link.pathname);
  await expect(owner.getByRole("heading", { name: "This link has already been used" })).toBeVisible();
  expect(serverLog).not.toContain(link.pathname.split("/").at(-1)!);
  await owner.context().close();
});
