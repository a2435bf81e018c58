import { expect, test } from "@playwright/test";
import { createApiKey, keyRow, openDemoResource, uniqueName } from "./support";

// Roles through the UI: an Admin invites a Viewer by email; the Viewer signs up from the link,
// accepts, sees the resource's keys, and gets neither "Create API Key" nor "Delete".
test("an invited Viewer can list keys but not create or delete them", async ({ page, browser }, testInfo) => {
  await openDemoResource(page, "storefront-db");
  const keyName = uniqueName("visible-to-viewer");
  const created = await createApiKey(page, keyName);
  await created.getByRole("button", { name: "Copy API key" }).click();
  await created.getByRole("button", { name: "Done" }).click();
  await expect(keyRow(page, keyName)).toBeVisible();

  // The Admin invites a Viewer from the workspace settings.
  await page.goto("/");
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("button", { name: "Invite member" }).click();
  const invite = page.getByRole("dialog", { name: "Invite a member" });
  const email = `${uniqueName("viewer")}@example.test`;
  await invite.getByLabel("Email").fill(email);
  await invite.getByLabel("Role", { exact: true }).selectOption("VIEWER");
  await invite.getByRole("button", { name: "Create invitation" }).click();
  const link = (await page.getByTestId("invitation-link").textContent())!.trim();
  expect(link).toMatch(/\/invitations\/inv_[0-9A-Za-z]{16}$/);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByText(email)).toBeVisible();

  // The invitee follows the link, signs up, and accepts.
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, storageState: { cookies: [], origins: [] } });
  const viewer = await context.newPage();
  await viewer.goto(link);
  await expect(viewer).toHaveURL(/\/login\?next=/);
  await viewer.getByRole("link", { name: "Create an account" }).click();
  await viewer.getByLabel("Name").fill("Vera Viewer");
  await viewer.getByLabel("Email").fill(email);
  await viewer.getByLabel("Password").fill("viewer-password-1");
  await viewer.getByRole("button", { name: "Create account" }).click();
  await expect(viewer.getByRole("heading", { name: "Join Acme" })).toBeVisible();
  await viewer.getByRole("button", { name: "Accept invitation" }).click();
  await expect(viewer.getByRole("heading", { name: "Acme" })).toBeVisible();

  // The Viewer sees the key but no way to create or delete one.
  await viewer.getByRole("link", { name: /Storefront/ }).click();
  await viewer.getByRole("link", { name: /storefront-db/ }).click();
  await expect(viewer.getByRole("heading", { name: "API Keys" })).toBeVisible();
  await expect(keyRow(viewer, keyName)).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Create API Key" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /^Delete/ })).toHaveCount(0);
  // Nor rename or create anything in the project.
  await viewer.getByRole("link", { name: "Storefront" }).click();
  await expect(viewer.getByRole("button", { name: "New resource" })).toHaveCount(0);
  await context.close();

  // The Admin now lists the Viewer as a member with that role.
  await page.reload();
  await expect(page.getByLabel("Role of Vera Viewer")).toHaveValue("VIEWER");
});
