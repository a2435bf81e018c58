import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { createApiKey, DEMO, keyRow, openDemoResource, shot, uniqueName } from "./support";

const SERVER_LOG = path.resolve(import.meta.dirname, ".data", "server.log");
const INVITE_LINK = /^http:\/\/localhost:\d+\/invite\/pcinv_[0-9A-Za-z]{38}$/;

async function openDemoSettings(page: Page) {
  await page.goto("/?all=1");
  await page.getByRole("link", { name: new RegExp(`^${DEMO.workspace}`) }).click();
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: DEMO.workspace })).toBeVisible();
}

async function bothWidths(page: Page, name: string) {
  await shot(page, `${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

// Roles through the UI: an Admin invites a Viewer and copies the invitation link, shown once; a new
// user opens it, signs up, accepts, sees the resource's keys, and gets neither "Create API Key" nor
// "Delete"; the used link admits nobody else; the Viewer leaves the workspace again.
test("an invited Viewer joins through the copied link, can list keys but not create or delete them, and can leave", async ({ page, browser }, testInfo) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openDemoResource(page, "storefront-db");
  const keyName = uniqueName("visible-to-viewer");
  const created = await createApiKey(page, keyName);
  await created.getByRole("button", { name: "Copy API key" }).click();
  await created.getByRole("button", { name: "Done" }).click();
  await expect(keyRow(page, keyName)).toBeVisible();

  // The Admin invites a Viewer from the workspace settings and sees the link once.
  await openDemoSettings(page);
  await page.getByRole("button", { name: "Invite member" }).click();
  const invite = page.getByRole("dialog", { name: "Invite a member" });
  const email = `${uniqueName("viewer")}@example.test`;
  await invite.getByLabel("Email").fill(email);
  await invite.getByLabel("Role", { exact: true }).selectOption("VIEWER");
  await invite.getByRole("button", { name: "Create invitation" }).click();
  const shown = page.getByRole("dialog", { name: "Invitation link created" });
  await expect(shown.getByRole("note")).toContainText(`Anyone with this link can join Acme as Viewer. Send it only to ${email}.`);
  // Masked until revealed; Copy puts the whole link on the clipboard.
  await expect(shown.getByTestId("invitation-link")).toContainText("•");
  await bothWidths(page, "invite-dialog-masked");
  await shown.getByRole("button", { name: "Copy invitation link" }).click();
  await expect(shown.getByRole("button", { name: "Copy invitation link" })).toHaveText("Copied");
  const link = (await page.evaluate(() => navigator.clipboard.readText())).trim();
  expect(link).toMatch(INVITE_LINK);
  await shown.getByRole("button", { name: "Reveal" }).click();
  await expect(shown.getByTestId("invitation-link")).toHaveText(link);
  await bothWidths(page, "invite-dialog-link");
  await shown.getByRole("button", { name: "Done" }).click();
  await expect(shown).toHaveCount(0);

  // The pending list cannot show the link again; it offers a new one, or revoking.
  const row = page.getByTestId("invitation-row").filter({ hasText: email });
  await expect(row).toContainText("Viewer · link");
  await expect(row.getByRole("button", { name: `Create a new link for ${email}` })).toBeVisible();
  await expect(row.getByRole("button", { name: `Revoke invitation for ${email}` })).toBeVisible();
  await row.scrollIntoViewIfNeeded();
  await bothWidths(page, "pending-invitations");
  expect(await page.content()).not.toContain(link.split("/invite/")[1]!);

  // The invitee follows the link, signs up, and accepts.
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, storageState: { cookies: [], origins: [] } });
  const viewer = await context.newPage();
  await viewer.setViewportSize({ width: 1280, height: 800 });
  await viewer.goto(link);
  await expect(viewer).toHaveURL(/\/login\?next=/);
  await viewer.getByRole("link", { name: "Create an account" }).click();
  await viewer.getByLabel("Name").fill("Vera Viewer");
  await viewer.getByLabel("Email").fill(email);
  await viewer.getByLabel("Password").fill("viewer-password-1");
  await viewer.getByRole("button", { name: "Create account" }).click();
  await expect(viewer.getByRole("heading", { name: "Join Acme" })).toBeVisible();
  await expect(viewer.getByText("invited you to join as Viewer")).toBeVisible();
  await bothWidths(viewer, "invitation-page");
  await viewer.getByRole("button", { name: "Accept invitation" }).click();
  await expect(viewer.getByRole("heading", { name: "Acme" })).toBeVisible();

  // The Viewer sees the key but no way to create or delete one.
  await viewer.getByRole("link", { name: /Storefront/ }).click();
  await viewer.getByRole("link", { name: /storefront-db/ }).click();
  await expect(viewer.getByRole("heading", { name: "API Keys" })).toBeVisible();
  await expect(keyRow(viewer, keyName)).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Create API Key" })).toHaveCount(0);
  await expect(viewer.getByTestId("read-only-note")).toContainText("Ask an Admin of this workspace.");
  await expect(viewer.getByRole("button", { name: /^Delete/ })).toHaveCount(0);
  // Nor rename or create anything in the project.
  await viewer.getByRole("link", { name: "Storefront" }).click();
  await expect(viewer.getByRole("button", { name: "New resource" })).toHaveCount(0);

  // The Admin now lists the Viewer as a member with that role, and the invitation is gone.
  await page.reload();
  await expect(page.getByLabel("Role of Vera Viewer")).toHaveValue("VIEWER");
  await expect(page.getByTestId("invitation-row").filter({ hasText: email })).toHaveCount(0);

  // A role change asks first (Cancel changes nothing), then says it happened (issue 12, items 4 and 7).
  await page.getByLabel("Role of Vera Viewer").selectOption("DEVELOPER");
  const roleConfirm = page.getByRole("alertdialog", { name: "Make Vera Viewer a Developer?" });
  await expect(roleConfirm).toContainText("Viewer → Developer");
  await roleConfirm.getByRole("button", { name: "Cancel" }).click();
  await expect(roleConfirm).toBeHidden();
  await expect(page.getByLabel("Role of Vera Viewer")).toHaveValue("VIEWER");
  await page.getByLabel("Role of Vera Viewer").selectOption("DEVELOPER");
  await shot(page, "role-change-confirm-1280");
  await roleConfirm.getByRole("button", { name: "Change role" }).click();
  await expect(page.getByText("Vera Viewer is now a Developer.")).toBeVisible();
  await shot(page, "role-change-toast-1280");
  await expect(page.getByLabel("Role of Vera Viewer")).toHaveValue("DEVELOPER");

  // The used link admits nobody else.
  const other = await browser.newContext({ baseURL: testInfo.project.use.baseURL, storageState: { cookies: [], origins: [] } });
  const stranger = await other.newPage();
  await stranger.goto(`/signup?next=${encodeURIComponent(new URL(link).pathname)}`);
  await stranger.getByLabel("Name").fill("Sam Stranger");
  await stranger.getByLabel("Email").fill(`${uniqueName("stranger")}@example.test`);
  await stranger.getByLabel("Password").fill("stranger-password-1");
  await stranger.getByRole("button", { name: "Create account" }).click();
  await expect(stranger.getByRole("heading", { name: "This invitation has already been used" })).toBeVisible();
  await other.close();

  // The Viewer leaves the workspace from its settings.
  await openDemoSettings(viewer);
  await viewer.getByRole("button", { name: "Leave workspace" }).click();
  const confirm = viewer.getByRole("alertdialog", { name: "Leave Acme?" });
  await expect(confirm).toBeVisible();
  await shot(viewer, "leave-workspace-dialog-1280");
  await confirm.getByRole("button", { name: "Leave", exact: true }).click();
  await expect(viewer).toHaveURL(/\/\?all=1$/);
  await expect(viewer.getByRole("link", { name: /Acme/ })).toHaveCount(0);
  await context.close();
  await page.reload();
  await expect(page.getByLabel("Role of Vera Viewer")).toHaveCount(0);

  // The secret never reached the server's log.
  expect(fs.readFileSync(SERVER_LOG, "utf8")).not.toContain(link.split("/invite/")[1]!);
});

test("the last Admin cannot leave, and is told why", async ({ page }) => {
  await openDemoSettings(page);
  await page.getByRole("button", { name: "Leave workspace" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Leave Acme?" });
  await confirm.getByRole("button", { name: "Leave", exact: true }).click();
  await expect(confirm.getByRole("alert")).toHaveText("A workspace needs at least one Admin. Make someone else Admin first.");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { name: "Acme" })).toBeVisible();
});
