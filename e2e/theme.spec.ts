import { expect, test, type Page } from "@playwright/test";
import { createApiKey, openDemoResource, shot, uniqueName } from "./support";

// Dark mode (issue 12, item 9): it follows the device until the user picks Light or Dark in the
// header; the choice is a cookie the server reads (the first paint is already right, no inline
// script under the CSP) and a localStorage copy. Screenshots of every screen in both themes.

const bodyBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
/** Relative luminance's stand-in: the mean of the channels of an rgb()/lab() colour string is enough to tell dark from light. */
async function isDark(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const probe = document.createElement("canvas").getContext("2d")!;
    probe.fillStyle = getComputedStyle(document.body).backgroundColor;
    probe.fillRect(0, 0, 1, 1);
    const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
    return (r! + g! + b!) / 3 < 80;
  });
}

test.describe("following the device", () => {
  test.use({ colorScheme: "dark" });
  test("a dark device gets the dark theme with no choice made; a light one the light theme", async ({ page, browser }) => {
    await openDemoResource(page, "Production");
    await expect(page.locator("html")).toHaveAttribute("data-theme", "system");
    expect(await isDark(page)).toBe(true);
    const light = await browser.newContext({ colorScheme: "light", storageState: test.info().project.use.storageState });
    const lightPage = await light.newPage();
    await lightPage.goto("/?all=1");
    expect(await isDark(lightPage)).toBe(false);
    await light.close();
  });
});

test("the toggle: Dark is kept in a cookie and localStorage, and the server renders it on the next page", async ({ page }) => {
  await page.goto("/?all=1");
  expect(await isDark(page)).toBe(false);
  await page.getByRole("button", { name: "Theme: System" }).click();
  await page.getByRole("menuitemradio", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  expect(await isDark(page)).toBe(true);
  expect(await page.evaluate(() => localStorage.getItem("platform-console-theme"))).toBe("dark");
  expect((await page.context().cookies()).find((cookie) => cookie.name === "theme")?.value).toBe("dark");

  // The HTML as the server sends it already says dark: nothing to repaint after load.
  const response = await page.request.get("/?all=1");
  expect(await response.text()).toContain('<html lang="en" data-theme="dark"');
  await page.reload();
  await expect(page.getByRole("button", { name: "Theme: Dark" })).toBeVisible();
  expect(await isDark(page)).toBe(true);

  // A tampered cookie is "system", never an error.
  await page.context().addCookies([{ name: "theme", value: "<script>", url: page.url() }]);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "system");

  await page.getByRole("button", { name: /Theme:/ }).click();
  await page.getByRole("menuitemradio", { name: "Light" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  expect(await bodyBackground(page)).not.toBe("");
});

// Every screen, both themes, both widths: the PNGs in test-results/screens are looked at by a person.
for (const colorScheme of ["light", "dark"] as const) {
  test(`screenshots, ${colorScheme}`, async ({ browser }) => {
    test.setTimeout(120_000);
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      const context = await browser.newContext({ colorScheme, viewport, storageState: test.info().project.use.storageState });
      const page = await context.newPage();
      const tag = `${colorScheme}-${viewport.width}`;
      const demo = await openDemoResource(page, "storefront-db");
      await shot(page, `theme-api-keys-${tag}`);
      const created = await createApiKey(page, uniqueName("theme"));
      await created.getByRole("button", { name: "Reveal" }).click();
      await shot(page, `theme-key-created-${tag}`);
      await created.getByRole("button", { name: "Copy API key" }).click();
      await created.getByRole("button", { name: "Done" }).click();
      await page.goto(demo.url.replace(/api-keys$/, "settings"));
      await expect(page.getByRole("heading", { name: /Database connection/ })).toBeVisible();
      await shot(page, `theme-resource-settings-${tag}`);
      for (const [path, name] of [
        [`/${demo.workspaceId}`, "workspace"],
        [`/${demo.workspaceId}/${demo.projectId}`, "project"],
        [`/${demo.workspaceId}/settings`, "workspace-settings"],
        ["/account", "account"],
        ["/account/tokens", "tokens"],
        ["/?all=1", "workspaces"],
        ["/no/such/page/at/all", "404"],
      ] as const) {
        await page.goto(path);
        await page.waitForLoadState("networkidle");
        await shot(page, `theme-${name}-${tag}`);
      }
      await page.goto(`/${demo.workspaceId}/${demo.projectId}`);
      await page.getByRole("button", { name: /Switch project/ }).click();
      await shot(page, `theme-switcher-${tag}`);
      await context.close();
      const signedOut = await browser.newContext({ colorScheme, viewport, storageState: undefined });
      const loginPage = await signedOut.newPage();
      await loginPage.goto("/login");
      await expect(loginPage.getByRole("heading", { name: "Sign in" })).toBeVisible();
      await shot(loginPage, `theme-login-${tag}`);
      await signedOut.close();
    }
  });
}
