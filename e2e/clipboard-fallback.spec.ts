import { expect, test } from "@playwright/test";
import { createApiKey, createdDialog, keyRow, openDemoResource, shot, uniqueName, verifyKey } from "./support";

// On plain http (a LAN address) browsers have no navigator.clipboard; the Copy button must still
// copy, through the textarea + execCommand("copy") fallback.
test.describe("copy without the asynchronous clipboard API", () => {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, "clipboard", { value: undefined, configurable: true });
      Object.defineProperty(navigator, "clipboard", { value: undefined, configurable: true });
    });
  });

  test("Copy still puts the key on the clipboard", async ({ page, request }) => {
    const resource = await openDemoResource(page, "Production");
    expect(await page.evaluate(() => navigator.clipboard)).toBeUndefined();

    const name = uniqueName("fallback");
    const created = await createApiKey(page, name);
    await created.getByRole("button", { name: "Reveal" }).click();
    const plaintext = (await created.getByTestId("new-api-key").textContent())!.trim();

    await created.getByRole("button", { name: "Copy API key" }).click();
    await expect(created.getByRole("button", { name: "Copy API key" })).toHaveText("Copied");
    await shot(page, "api-key-copied-fallback");
    await created.getByRole("button", { name: "Done" }).click();
    await expect(createdDialog(page)).toBeHidden();
    await expect(keyRow(page, name)).toHaveCount(1);

    // Paste for real into a textarea of the page.
    await page.evaluate(() => {
      const textarea = document.createElement("textarea");
      textarea.id = "paste-target";
      document.body.appendChild(textarea);
    });
    await page.locator("#paste-target").focus();
    await page.keyboard.press("ControlOrMeta+V");
    await expect(page.locator("#paste-target")).toHaveValue(plaintext);

    const ok = await verifyKey(request, plaintext);
    expect(ok.body).toMatchObject({ valid: true, resourceId: resource.resourceId });
  });
});
