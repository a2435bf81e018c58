import { expect, test } from "@playwright/test";
import { createApiKey, openDemoResource, revealKey, shot, uniqueName } from "./support";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test("the create flow fits a phone screen", async ({ page }) => {
  await openDemoResource(page, "storefront-db");
  await page.getByRole("button", { name: "Create API Key" }).first().click();
  const form = page.getByRole("dialog", { name: "Create API Key" });
  await expect(form.getByRole("button", { name: "Create", exact: true })).toBeInViewport();
  await shot(page, "mobile-create-dialog");
  await form.getByRole("button", { name: "Cancel" }).click();

  const created = await createApiKey(page, uniqueName("phone"));
  await revealKey(created);
  await shot(page, "mobile-created-dialog");

  // Nothing is wider than the screen: neither the page nor the dialog scrolls sideways.
  const widths = await page.evaluate(() => {
    const dialog = document.querySelector<HTMLElement>("[role=dialog]")!;
    return {
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
      dialogScroll: dialog.scrollWidth,
      dialogClient: dialog.clientWidth,
      dialogRight: dialog.getBoundingClientRect().right,
    };
  });
  expect(widths.page).toBeLessThanOrEqual(widths.viewport);
  expect(widths.dialogScroll).toBeLessThanOrEqual(widths.dialogClient);
  expect(widths.dialogRight).toBeLessThanOrEqual(widths.viewport);

  for (const label of ["Reveal", "Hide"]) {
    const button = created.getByRole("button", { name: label });
    if (await button.count()) await expect(button).toBeInViewport();
  }
  const done = created.getByRole("button", { name: "Done" });
  await done.scrollIntoViewIfNeeded();
  await expect(done).toBeInViewport();
  await expect(created.getByRole("button", { name: "Copy API key" })).toBeVisible();

  await created.getByRole("button", { name: "Copy API key" }).click();
  await done.click();
  await expect(created).toBeHidden();
});

test("on a phone every key's Delete sits inside its card, whatever the name's length (issue 12, item 1)", async ({ page }) => {
  await openDemoResource(page, "storefront-db");
  const stem = `preview-branch-feature-${Date.now().toString(36)}-long-name`;
  const names = [`${stem}-27`.slice(-64), `${stem}-31`.slice(-64), "x".repeat(64)];
  for (const name of names) {
    const created = await createApiKey(page, name);
    await created.getByRole("button", { name: "Copy API key" }).click();
    await created.getByRole("button", { name: "Done" }).click();
    await expect(created).toBeHidden();
  }
  const list = page.getByTestId("api-key-row").first().locator("xpath=ancestor::div[contains(@class,'rounded-xl')][1]");
  for (const name of names) {
    const row = page.getByTestId("api-key-row").filter({ hasText: name });
    // The whole name is shown (names that differ only at the end stay distinguishable).
    await expect(row).toContainText(name);
    const button = row.getByRole("button", { name: `Delete ${name}` });
    // Below the fold in a long list is fine; outside the card sideways is not.
    await button.scrollIntoViewIfNeeded();
    await expect(button).toBeInViewport();
    const box = (await list.boundingBox())!;
    const b = (await button.boundingBox())!;
    expect(b.x).toBeGreaterThanOrEqual(box.x);
    expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.getByTestId("api-key-row").filter({ hasText: names[0]! }).scrollIntoViewIfNeeded();
  await shot(page, "mobile-key-cards");

  // Still deletable by touch.
  await page.getByRole("button", { name: `Delete ${names[2]}` }).tap();
  await page.getByRole("alertdialog", { name: "Delete API key?" }).getByRole("button", { name: "Delete key" }).tap();
  await expect(page.getByTestId("api-key-row").filter({ hasText: names[2]! })).toHaveCount(0);
});
