import { expect, test, type Locator, type Page } from "@playwright/test";
import { axeFindings, formatFindings } from "./axe";
import { createDialog, createdDialog, DESKTOP, KEY_PATTERN, keyRow, openDemoResource, revealKey, shotsAtBothSizes as bothSizes, signUp, uniqueName, verifyKey } from "./support";

// Issue 11, phase A, in the Console: expiry and permission in Create API Key, the list's badges,
// Roll with a grace period (the show-once dialog again), and the workspace's key policy.



async function copyAndClose(created: Locator) {
  await created.getByRole("button", { name: "Copy API key" }).click();
  await created.getByRole("button", { name: "Done" }).click();
  await expect(created).toBeHidden();
}

test("create with an expiry and read-only, roll with a grace period, and the list's badges", async ({ page, request }) => {
  test.setTimeout(90_000); // six screenshots at two sizes on a shared machine
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await openDemoResource(page, "storefront-db");
  const name = uniqueName("reporting");

  await page.getByRole("button", { name: "Create API Key" }).first().click();
  const dialog = createDialog(page);
  await dialog.getByLabel("Name").fill(name);
  // 90 days is the default; the choices are the seed's best practices.
  const expiry = dialog.getByLabel("Expiration");
  await expect(expiry).toHaveValue("90d");
  await expect(expiry.locator("option")).toHaveText(["7 days", "30 days", "90 days", "1 year", "Custom date…", "No expiration"]);
  await expiry.selectOption("30d");
  await dialog.getByLabel(/Read-only/).check();
  await bothSizes(page, "create-api-key-expiry-permission", dialog);
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  const created = createdDialog(page);
  const plaintext = await revealKey(created);
  expect(plaintext).toMatch(KEY_PATTERN);
  await copyAndClose(created);

  const verified = await verifyKey(request, plaintext);
  expect(verified.body).toMatchObject({ valid: true, permission: "read-only" });
  expect(Date.parse(String(verified.body.expiresAt)) - Date.now()).toBeGreaterThan(29 * 86_400_000);

  const row = keyRow(page, name);
  await expect(row.getByTestId("api-key-permission")).toHaveText("Read-only");
  await expect(row.getByTestId("api-key-expiry")).toHaveText("Expires in 30 days");

  // Roll: the old key stops now; the new one is shown once, with the snippets.
  await row.getByRole("button", { name: `Roll ${name}` }).click();
  const roll = page.getByRole("dialog", { name: `Roll “${name}”?` });
  await expect(roll.getByLabel("In 24 hours")).toBeChecked();
  await expect(roll.getByRole("radio")).toHaveCount(4);
  await roll.getByLabel("Now").check();
  await bothSizes(page, "roll-api-key", roll);
  await roll.getByRole("button", { name: "Roll key" }).click();
  const rolled = page.getByRole("dialog", { name: "API key rolled" });
  await expect(rolled).toContainText("has stopped working");
  await expect(rolled.getByRole("button", { name: "Copy Accelerate snippet" })).toBeVisible();
  const successor = await revealKey(rolled);
  await bothSizes(page, "roll-api-key-shown-once", rolled);
  // Closing without copying asks first, as Create does.
  await rolled.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("alertdialog")).toBeVisible();
  await page.getByRole("alertdialog").getByRole("button", { name: /close/i }).click();
  await expect(rolled).toBeHidden();
  expect(await page.content()).not.toContain(successor);

  expect((await verifyKey(request, plaintext)).body).toMatchObject({ valid: false, code: "EXPIRED" });
  expect((await verifyKey(request, successor)).body).toMatchObject({ valid: true, permission: "read-only" });

  // The old key stays listed, greyed, "Expired", without Roll; the successor inherits the permission.
  const oldRow = keyRow(page, name).filter({ hasNotText: "(rolled)" });
  await expect(oldRow).toHaveAttribute("data-expired", "true");
  await expect(oldRow.getByTestId("api-key-expiry")).toHaveText("Expired");
  await expect(oldRow.getByRole("button", { name: /^Roll/ })).toHaveCount(0);
  const newRow = keyRow(page, `${name} (rolled)`);
  await expect(newRow.getByTestId("api-key-permission")).toHaveText("Read-only");
  await expect(newRow.getByTestId("api-key-expiry")).toHaveText("Expires in 30 days");
  await bothSizes(page, "api-keys-expiry-badges", oldRow);
  // Greyed is not faded: an expired row (read-only badge included) keeps every text at 4.5:1.
  const findings = await axeFindings(page, "list with an expired read-only key");
  const dark = await page.context().browser()!.newContext({ colorScheme: "dark", storageState: await page.context().storageState(), baseURL: test.info().project.use.baseURL });
  const darkPage = await dark.newPage();
  await darkPage.goto(page.url());
  await expect(keyRow(darkPage, name).first()).toBeVisible();
  findings.push(...(await axeFindings(darkPage, "the same, dark")));
  await dark.close();
  expect(formatFindings(findings)).toBe("");
});


test("the workspace key policy: Admins set it, and Create API Key offers only what it allows", async ({ browser }) => {
  test.setTimeout(90_000);
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const { workspaceId } = await signUp(page);
  await page.goto(`/${workspaceId}/settings`);
  const card = page.getByRole("region", { name: "API key policy" });
  await card.getByLabel("Limit how long a key may live").check();
  await card.getByLabel("Maximum lifetime (days)").fill("30");
  await card.getByLabel("Allow keys that never expire").uncheck();
  await card.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByText("Key policy saved")).toBeVisible();
  await bothSizes(page, "workspace-key-policy", card);
  await page.reload();
  await expect(card.getByLabel("Maximum lifetime (days)")).toHaveValue("30");
  await expect(card.getByLabel("Allow keys that never expire")).not.toBeChecked();

  // A project of this workspace: its default environment's Create API Key dialog follows the policy.
  await page.goto(`/${workspaceId}`);
  await page.getByRole("button", { name: /New project|Create project/ }).first().click();
  await page.getByRole("dialog").getByLabel("Name").fill(uniqueName("proj"));
  await page.getByRole("dialog").getByRole("button", { name: /Create/ }).click();
  await page.getByRole("link", { name: /Production/ }).click();
  await page.getByRole("link", { name: "API Keys" }).click();
  await page.getByRole("button", { name: "Create API Key" }).first().click();
  const expiry = createDialog(page).getByLabel("Expiration");
  await expect(expiry.locator("option")).toHaveText(["7 days", "30 days", "Custom date…"]);
  await expect(expiry).toHaveValue("30d");
  await expect(createDialog(page)).toContainText("This workspace allows keys to live at most 30 days.");
  await context.close();
});
