import { expect, test } from "@playwright/test";
import {
  createApiKey,
  createDialog,
  createdDialog,
  KEY_PATTERN,
  keyRow,
  openDemoResource,
  revealKey,
  shot,
  todayAsShown,
  uniqueName,
  verifyKey,
} from "./support";

// The seed's flow, "Generating an API key" through "Deleting API keys", on the demo resources.
test.describe("API keys of a resource", () => {
  test("create, reveal, copy, verify, list, then delete a key", async ({ page, request }) => {
    const resource = await openDemoResource(page, "Production");
    const name = uniqueName("production");

    const created = await createApiKey(page, name);
    await expect(created.getByText("API keys are only displayed once when created")).toBeVisible();

    // Masked by default: prefix, bullets, last four characters; never the plaintext.
    const shown = created.getByTestId("new-api-key");
    await expect(shown).toHaveText(/^pcsk_•{24}[0-9A-Za-z]{4}$/);
    await shot(page, "api-key-created-masked");

    const plaintext = await revealKey(created);
    expect(plaintext).toMatch(KEY_PATTERN);
    await shot(page, "api-key-created-revealed");
    await created.getByRole("button", { name: "Hide" }).click();
    await expect(shown).not.toHaveText(plaintext);
    await expect(shown).toHaveText(new RegExp(`^pcsk_•+${plaintext.slice(-4)}$`));

    // An environment resource offers the Optimize snippet only.
    await expect(created.getByRole("button", { name: "Copy Optimize snippet" })).toBeVisible();
    await expect(created.getByRole("button", { name: "Copy Accelerate snippet" })).toHaveCount(0);

    // Copy puts exactly the key on the clipboard.
    await created.getByRole("button", { name: "Copy API key" }).click();
    await expect(created.getByRole("button", { name: "Copy API key" })).toHaveText("Copied");
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    expect(clipboard).toBe(plaintext);

    // Copied, so Done closes without asking.
    await created.getByRole("button", { name: "Done" }).click();
    await expect(createdDialog(page)).toBeHidden();
    await expect(page.getByRole("alertdialog")).toHaveCount(0);

    // The plaintext is gone from the page and never reached the URL.
    expect(await page.content()).not.toContain(plaintext);
    expect(page.url()).not.toContain(plaintext);

    // The list shows the key: name, hint, today's date, never used.
    const row = keyRow(page, name);
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(name);
    await expect(row).toContainText(`pcsk_…${plaintext.slice(-4)}`);
    await expect(row).toContainText(todayAsShown());
    await expect(row).toContainText("Never");
    await expect(row).toContainText("Demo User");
    expect(await page.content()).not.toContain(plaintext);

    // The clipboard key authenticates, for this resource.
    const ok = await verifyKey(request, clipboard);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ valid: true, resourceId: resource.resourceId });
    expect(ok.body.keyId).toEqual(expect.any(String));

    // Using the key shows up as "last used": the gateway writes uses in batches every few seconds.
    await expect(async () => {
      await page.reload();
      await expect(keyRow(page, name)).toContainText("just now", { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });

    // Delete → confirm → the row is gone and the key stops working.
    await keyRow(page, name).getByRole("button", { name: `Delete ${name}` }).click();
    const confirm = page.getByRole("alertdialog", { name: "Delete API key?" });
    await expect(confirm).toBeVisible();
    await expect(confirm).toContainText(name);
    await shot(page, "api-key-delete-confirm");
    await confirm.getByRole("button", { name: "Delete key" }).click();
    await expect(confirm).toBeHidden();
    await expect(keyRow(page, name)).toHaveCount(0);

    const gone = await verifyKey(request, clipboard);
    expect(gone.status).toBe(401);
    expect(gone.body).toMatchObject({ valid: false, code: "NOT_FOUND" });

    await page.reload();
    await expect(page.getByRole("heading", { name: "API Keys" })).toBeVisible();
    await expect(keyRow(page, name)).toHaveCount(0);
  });

  test("Done without copying asks first; Go back keeps the key, Close without copying drops it", async ({ page, request }) => {
    await openDemoResource(page, "Production");
    const name = uniqueName("uncopied");
    const created = await createApiKey(page, name);
    const plaintext = await revealKey(created);

    await created.getByRole("button", { name: "Done" }).click();
    const guard = page.getByRole("alertdialog", { name: "You won't see this key again" });
    await expect(guard).toBeVisible();
    await shot(page, "api-key-close-guard");

    await guard.getByRole("button", { name: "Go back" }).click();
    await expect(guard).toBeHidden();
    await expect(createdDialog(page)).toBeVisible();
    await expect(createdDialog(page).getByTestId("new-api-key")).toHaveText(plaintext);

    // Escape is a way to close too, and is guarded the same way.
    await page.keyboard.press("Escape");
    await expect(guard).toBeVisible();
    await guard.getByRole("button", { name: "Close without copying" }).click();
    await expect(guard).toBeHidden();
    await expect(createdDialog(page)).toBeHidden();
    expect(await page.content()).not.toContain(plaintext);

    // The key itself was created and works; only the chance to see it is gone.
    await expect(keyRow(page, name)).toHaveCount(1);
    expect((await verifyKey(request, plaintext)).status).toBe(200);

    // Opening the dialog again starts from an empty form, not from the old key.
    await page.getByRole("button", { name: "Create API Key" }).first().click();
    await expect(createDialog(page).getByLabel("Name")).toHaveValue("");
    await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  });

  test("invalid names show an error in the dialog and create nothing", async ({ page }) => {
    await openDemoResource(page, "Production");
    const rowsBefore = await page.getByTestId("api-key-row").count();

    await page.getByRole("button", { name: "Create API Key" }).first().click();
    const dialog = createDialog(page);
    await dialog.getByRole("button", { name: "Create", exact: true }).click();
    await expect(dialog.getByRole("alert")).toHaveText("Enter a name.");
    await expect(dialog.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
    await shot(page, "api-key-validation-empty");

    await dialog.getByLabel("Name").fill("   ");
    await dialog.getByRole("button", { name: "Create", exact: true }).click();
    await expect(dialog.getByRole("alert")).toHaveText("Enter a name.");

    await dialog.getByLabel("Name").fill("x".repeat(65));
    await dialog.getByRole("button", { name: "Create", exact: true }).click();
    await expect(dialog.getByRole("alert")).toHaveText("Use at most 64 characters.");
    await expect(createdDialog(page)).toHaveCount(0);

    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await page.reload();
    await expect(page.getByRole("heading", { name: "API Keys" })).toBeVisible();
    await expect(page.getByTestId("api-key-row")).toHaveCount(rowsBefore);
  });

  test("a database resource offers the Accelerate snippet with the key in it", async ({ page, request }) => {
    const resource = await openDemoResource(page, "storefront-db");
    const name = uniqueName("staging-api");
    const created = await createApiKey(page, name);
    const plaintext = await revealKey(created);

    await created.getByRole("button", { name: "Copy Accelerate snippet" }).click();
    const snippet = await page.evaluate(() => navigator.clipboard.readText());
    expect(snippet).toMatch(new RegExp(`^DATABASE_URL="prisma\\+postgres://[^/]+/\\?api_key=${plaintext}"$`));
    await created.getByRole("button", { name: "Copy Optimize snippet" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`OPTIMIZE_API_KEY="${plaintext}"`);
    await shot(page, "api-key-created-database");

    // Copying a snippet counts as copying: Done closes without the guard.
    await created.getByRole("button", { name: "Done" }).click();
    await expect(createdDialog(page)).toBeHidden();
    await expect(page.getByRole("alertdialog")).toHaveCount(0);

    const ok = await verifyKey(request, plaintext);
    expect(ok.body).toMatchObject({ valid: true, resourceId: resource.resourceId });
  });

  test("the verify endpoint rejects malformed keys", async ({ request }) => {
    const malformed = await verifyKey(request, "not-a-key");
    expect(malformed.status).toBe(401);
    expect(malformed.body).toMatchObject({ valid: false, code: "MALFORMED" });
    const unknown = await verifyKey(request, `pcsk_${"A".repeat(38)}`);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({ valid: false });
  });
});
