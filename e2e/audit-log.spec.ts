import { expect, test, type Page } from "@playwright/test";
import { describeUserAgent } from "../lib/user-agent";
import { axeFindings, formatFindings, type AxeFinding } from "./axe";
import { DEMO, NOT_FOUND_TEXT, createApiKey, keyRow, openDemoResource, shotsAtBothSizes, uniqueName } from "./support";

// The workspace's Audit log (issue 11): the Admin's own changes show up with who, what, which
// object and where from; a member's failed sign-in too; the filters narrow the list; a Viewer gets
// the page a missing workspace shows, and no link to it. Screenshots at 1280 and 390 px in light and
// dark, and axe at both widths in both themes.

const entries = (page: Page) => page.getByTestId("audit-entry");

async function openAuditLog(page: Page, workspaceId: string) {
  await page.goto(`/${workspaceId}`);
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(new RegExp(`/${workspaceId}/audit-log$`));
  await expect(page.getByRole("heading", { level: 1, name: DEMO.workspace })).toBeVisible();
}

test("the Audit log shows the Admin's changes and a member's failed sign-in, filters them, and is hidden from a Viewer", async ({ page, browser }, testInfo) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const resource = await openDemoResource(page, "Production");
  const keyName = uniqueName("audited-key");
  const created = await createApiKey(page, keyName);
  await created.getByRole("button", { name: "Copy API key" }).click();
  await created.getByRole("button", { name: "Done" }).click();
  await keyRow(page, keyName).getByRole("button", { name: `Delete ${keyName}` }).click();
  await page.getByRole("alertdialog", { name: "Delete API key?" }).getByRole("button", { name: "Delete key" }).click();
  await expect(keyRow(page, keyName)).toHaveCount(0);

  // A Viewer joins through an invitation link.
  await page.goto(`/${resource.workspaceId}/settings`);
  await page.getByRole("button", { name: "Invite member" }).click();
  const invite = page.getByRole("dialog", { name: "Invite a member" });
  const email = `${uniqueName("audited-viewer")}@example.test`;
  await invite.getByLabel("Email").fill(email);
  await invite.getByLabel("Role", { exact: true }).selectOption("VIEWER");
  await invite.getByRole("button", { name: "Create invitation" }).click();
  const shown = page.getByRole("dialog", { name: "Invitation link created" });
  await shown.getByRole("button", { name: "Copy invitation link" }).click();
  const link = (await page.evaluate(() => navigator.clipboard.readText())).trim();
  await shown.getByRole("button", { name: "Done" }).click();
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, storageState: { cookies: [], origins: [] } });
  const viewer = await context.newPage();
  await viewer.goto(link);
  await viewer.getByRole("link", { name: "Create an account" }).click();
  await viewer.getByLabel("Name").fill("Audrey Viewer");
  await viewer.getByLabel("Email").fill(email);
  await viewer.getByLabel("Password").fill("viewer-password-1");
  await viewer.getByRole("button", { name: "Create account" }).click();
  await viewer.getByRole("button", { name: "Accept invitation" }).click();
  await expect(viewer.getByRole("heading", { name: DEMO.workspace })).toBeVisible();
  // No link to the log, and the page itself is "not found", as for a workspace one cannot see.
  await expect(viewer.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await viewer.goto(`/${resource.workspaceId}/audit-log`);
  await expect(viewer.getByText(NOT_FOUND_TEXT)).toBeVisible();
  await expect(viewer).toHaveTitle("Page not found · Platform Console");
  await context.close();

  // Someone tries the Viewer's email with a wrong password.
  const stranger = await browser.newContext({ baseURL: testInfo.project.use.baseURL, storageState: { cookies: [], origins: [] } });
  const attempt = await stranger.newPage();
  await attempt.goto("/login");
  await attempt.getByLabel("Email").fill(email);
  await attempt.getByLabel("Password").fill("not-the-password-1");
  await attempt.getByRole("button", { name: "Sign in" }).click();
  await expect(attempt.getByRole("alert").first()).toBeVisible();
  await stranger.close();

  // The Admin's log, newest first.
  await openAuditLog(page, resource.workspaceId);
  await expect(page).toHaveTitle(`${DEMO.workspace} · Audit log · Platform Console`);
  await expect(entries(page).first()).toHaveAttribute("data-action", "member.sign_in_failed");
  await expect(entries(page).first()).toContainText(`as ${email}`);
  const actions = await entries(page).evaluateAll((rows) => rows.slice(0, 5).map((row) => row.getAttribute("data-action")));
  expect(actions).toEqual(["member.sign_in_failed", "member.joined", "member.invited", "api_key.deleted", "api_key.created"]);
  const deleted = entries(page).filter({ hasText: keyName }).first();
  await expect(deleted).toContainText("API key deleted");
  await expect(deleted).toContainText(DEMO.email);
  await expect(deleted.getByTestId("audit-path")).toHaveText("Console");
  await expect(deleted).toContainText(describeUserAgent(await page.evaluate(() => navigator.userAgent)));

  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await shotsAtBothSizes(page, `audit-log-${colorScheme}`);
    // On a phone the entries are cards below the filters: one shot with them in view.
    await shotsAtBothSizes(page, `audit-log-entries-${colorScheme}`, entries(page).nth(1));
  }
  await page.emulateMedia({ colorScheme: "light" });

  // Filters: one action; then an actor and a date range together; a bad date says so.
  await page.getByLabel("Action").selectOption("api_key.deleted");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/action=api_key\.deleted/);
  await expect(entries(page).filter({ hasText: keyName })).toHaveCount(1);
  expect(new Set(await entries(page).evaluateAll((rows) => rows.map((row) => row.getAttribute("data-action"))))).toEqual(new Set(["api_key.deleted"]));
  await expect(page.getByLabel("Action")).toHaveValue("api_key.deleted");
  await shotsAtBothSizes(page, "audit-log-filtered");

  await page.getByRole("link", { name: "Clear" }).click();
  await expect(page).toHaveURL(/\/audit-log\??$/);
  await page.getByLabel("Actor").fill(email);
  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel("From").fill(today);
  await page.getByLabel("To (inclusive)").fill(today);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/actor=.*&from=.*&to=/);
  await expect.poll(() => entries(page).evaluateAll((rows) => rows.map((row) => row.getAttribute("data-action")))).toEqual(["member.sign_in_failed", "member.joined"]);

  await page.goto(`/${resource.workspaceId}/audit-log?actor=nobody%40example.test`);
  await expect(page.getByText("No entries match these filters")).toBeVisible();
  await page.goto(`/${resource.workspaceId}/audit-log?from=2026-13-45`);
  await expect(page.getByRole("alert").filter({ hasText: "That date does not exist." })).toBeVisible();
  await expect(page.getByLabel("From")).toHaveAttribute("aria-invalid", "true");
  await expect(entries(page)).toHaveCount(0);
});

test("the Audit log has no axe violations at 1280 and 390 px, light and dark", async ({ page }) => {
  test.setTimeout(90_000);
  const resource = await openDemoResource(page, "Production");
  const findings: AxeFinding[] = [];
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(viewport);
      await page.goto(`/${resource.workspaceId}/audit-log`);
      await expect(entries(page).first()).toBeVisible();
      findings.push(...(await axeFindings(page, `audit log ${viewport.width} ${colorScheme}`)));
      await page.goto(`/${resource.workspaceId}/audit-log?from=2026-13-45`);
      await expect(page.getByRole("alert").filter({ hasText: "That date does not exist." })).toBeVisible();
      findings.push(...(await axeFindings(page, `audit log with an error ${viewport.width} ${colorScheme}`)));
    }
  }
  expect(formatFindings(findings)).toBe("");
});
