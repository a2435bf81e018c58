import { expect, test, type Locator, type Page } from "@playwright/test";
import { createApiKey, createDialog, createdDialog, keyRow, openDemoResource, uniqueName } from "./support";

// Focus comes back to where the user was (issue 12, item 3): after Cancel, Escape, Done or Delete
// the button that opened a dialog has focus again — or, when that button is gone with its row, the
// page's heading — never <body>.

async function expectFocused(page: Page, target: Locator) {
  await expect(target).toBeFocused();
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(false);
}

test("Create API Key: Cancel, Escape and Done give focus back to the button that opened it", async ({ page }) => {
  await openDemoResource(page, "Production");
  const opener = page.getByRole("button", { name: "Create API Key" }).first();

  await opener.click();
  await createDialog(page).getByRole("button", { name: "Cancel" }).click();
  await expect(createDialog(page)).toBeHidden();
  await expectFocused(page, opener);

  // Keyboard only: Enter opens it, Escape closes it.
  await opener.focus();
  await page.keyboard.press("Enter");
  await expect(createDialog(page)).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(createDialog(page)).toBeHidden();
  await expectFocused(page, opener);

  const created = await createApiKey(page, uniqueName("focus"));
  await created.getByRole("button", { name: "Copy API key" }).click();
  await created.getByRole("button", { name: "Done" }).click();
  await expect(createdDialog(page)).toBeHidden();
  await expectFocused(page, opener);
});

test("the uncopied-key guard: Escape returns to the key dialog, with focus inside it", async ({ page }) => {
  await openDemoResource(page, "Production");
  const opener = page.getByRole("button", { name: "Create API Key" }).first();
  const created = await createApiKey(page, uniqueName("guard"));
  const done = created.getByRole("button", { name: "Done" });
  await done.click();
  const guard = page.getByRole("alertdialog", { name: "You won't see this key again" });
  await expect(guard).toBeVisible();
  // The guard has taken focus (on Go back) before Escape is pressed: an Escape sent while it is still
  // mounting reached no layer once under load.
  await expect(guard.getByRole("button", { name: "Go back" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(guard).toBeHidden();
  await expect(created).toBeVisible();
  await expectFocused(page, done);

  await done.click();
  await guard.getByRole("button", { name: "Close without copying" }).click();
  await expect(created).toBeHidden();
  await expectFocused(page, opener);
});

test("Delete: Cancel returns to the row's Delete button; after deleting, the heading has focus", async ({ page }) => {
  await openDemoResource(page, "Production");
  const name = uniqueName("focus-delete");
  const created = await createApiKey(page, name);
  await created.getByRole("button", { name: "Copy API key" }).click();
  await created.getByRole("button", { name: "Done" }).click();

  const deleteButton = keyRow(page, name).getByRole("button", { name: `Delete ${name}` });
  await deleteButton.click();
  const confirm = page.getByRole("alertdialog", { name: "Delete API key?" });
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await expectFocused(page, deleteButton);

  await deleteButton.click();
  await confirm.getByRole("button", { name: "Delete key" }).click();
  await expect(keyRow(page, name)).toHaveCount(0);
  await expectFocused(page, page.getByRole("heading", { level: 1 }));
  // And a toast says so (issue 12, item 4).
  await expect(page.getByText(`Deleted “${name}”. It no longer authenticates anywhere.`)).toBeVisible();
});

test("Rename project: Cancel and Escape return to Rename", async ({ page }) => {
  await openDemoResource(page, "Production");
  await page.getByRole("link", { name: "Storefront" }).first().click();
  const rename = page.getByRole("button", { name: "Rename", exact: true });
  await rename.click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expectFocused(page, rename);
  await rename.click();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expectFocused(page, rename);
});
