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
