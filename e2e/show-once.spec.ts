import { expect, test, type Locator, type Page } from "@playwright/test";
import { createApiKey, openDemoResource, PHONE, shot, TOKEN_PATTERN, uniqueName, KEY_PATTERN } from "./support";

// Issue 12, item 5: one show-once dialog. A new API key, a rolled key, an access token and a
// service token get the same dialog: masked until revealed, Done the only primary button, Copy
// secondary with a "Copied ✓" that is not disabled, the secret never wrapped, and an × that goes
// through the same "You won't see this … again" guard as Escape and a click outside.

async function openKeyDialog(page: Page): Promise<Locator> {
  await openDemoResource(page, "storefront-db");
  return createApiKey(page, uniqueName("show-once"));
}

async function openTokenDialog(page: Page, where: "account" | "workspace"): Promise<Locator> {
  if (where === "account") {
    await page.goto("/account/tokens");
    await page.getByRole("button", { name: "Create access token" }).click();
  } else {
    await page.goto("/");
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByRole("button", { name: "Create service token" }).click();
  }
  await page.getByRole("dialog").getByLabel("Name").fill(uniqueName("show-once"));
  await page.getByRole("dialog").getByRole("button", { name: "Create", exact: true }).click();
  const dialog = page.getByTestId("show-once-dialog");
  await expect(dialog).toBeVisible();
  return dialog;
}

const CASES = [
  { label: "API key", noun: "key", testId: "new-api-key", copy: "Copy API key", pattern: KEY_PATTERN, open: openKeyDialog },
  { label: "access token", noun: "token", testId: "new-access-token", copy: "Copy token", pattern: TOKEN_PATTERN, open: (page: Page) => openTokenDialog(page, "account") },
  { label: "service token", noun: "token", testId: "new-access-token", copy: "Copy token", pattern: TOKEN_PATTERN, open: (page: Page) => openTokenDialog(page, "workspace") },
] as const;

/** What makes the dialog look and behave as it does, for comparing one kind with another. */
async function anatomy(dialog: Locator) {
  return dialog.evaluate((element) => {
    const buttons = [...element.querySelectorAll("button")];
    const primary = buttons.filter((button) => button.className.includes("bg-indigo-600")).map((button) => button.textContent?.trim());
    return {
      primary,
      // Which kinds of button, with the noun and the snippet's name left out (a database key has two snippets).
      buttons: [...new Set(buttons.map((button) => (button.getAttribute("aria-label") ?? button.textContent ?? "").trim().replace(/API key|token/, "…").replace(/^Copy .+ snippet$/, "Copy snippet")))].sort(),
      hasWarning: element.querySelector('[role="note"]') !== null,
      snippets: element.querySelectorAll('[data-testid="secret-snippet"]').length > 0,
      width: getComputedStyle(element).maxWidth,
    };
  });
}

test("keys and tokens are shown once in the same dialog, masked until revealed", async ({ page }) => {
  const seen = [];
  for (const kind of CASES) {
    const dialog = await kind.open(page);
    const secret = dialog.getByTestId(kind.testId);
    await expect(secret, kind.label).toHaveText(/^pc[a-z]{2,3}_•{24}[0-9A-Za-z]{4}$/);
    // Focus starts on Copy.
    await expect(dialog.getByRole("button", { name: kind.copy })).toBeFocused();
    const shape = await anatomy(dialog);
    expect(shape.primary, `${kind.label}: Done is the only primary button`).toEqual(["Done"]);
    seen.push(shape);
    await dialog.getByRole("button", { name: "Reveal" }).click();
    await expect(secret).toHaveText(kind.pattern);
    await shot(page, `show-once-${kind.label.replace(" ", "-")}-revealed`);
    await dialog.getByRole("button", { name: kind.copy }).click();
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();
  }
  // The same buttons (key/token aside), warning, snippets and width for every kind.
  expect(seen[1]).toEqual(seen[0]);
  expect(seen[2]).toEqual(seen[0]);
});

test("Copy is secondary and 'Copied ✓' does not look disabled", async ({ page }) => {
  for (const kind of [CASES[0], CASES[1]]) {
    const dialog = await kind.open(page);
    const copy = dialog.getByRole("button", { name: kind.copy });
    const idle = await copy.evaluate((element) => ({ color: getComputedStyle(element).color, background: getComputedStyle(element).backgroundColor }));
    await copy.click();
    await expect(copy).toHaveText("Copied");
    await expect(copy.getByTestId("copied-check")).toBeVisible();
    await expect(copy).toBeEnabled();
    const copied = await copy.evaluate((element) => ({ color: getComputedStyle(element).color, opacity: getComputedStyle(element).opacity, cursor: getComputedStyle(element).cursor }));
    // Not the disabled look: full opacity, a pointer-able button, a colour of its own (green), not the idle one greyed.
    expect(copied.opacity).toBe("1");
    expect(copied.cursor).not.toBe("not-allowed");
    expect(copied.color).not.toBe(idle.color);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(kind.pattern);
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();
  }
});

test("the × close goes through the guard like Escape and an outside click, for keys and tokens", async ({ page }) => {
  for (const kind of [CASES[0], CASES[1]]) {
    const dialog = await kind.open(page);
    const guard = page.getByRole("alertdialog", { name: `You won't see this ${kind.noun} again` });
    for (const [how, close] of [
      ["×", () => dialog.getByRole("button", { name: "Close dialog", exact: true }).click()],
      ["Escape", () => page.keyboard.press("Escape")],
      ["a click outside", () => page.mouse.click(5, 5)],
    ] as const) {
      await close();
      await expect(guard, `${kind.label}, closed with ${how}`).toBeVisible();
      await guard.getByRole("button", { name: "Go back" }).click();
      await expect(guard).toBeHidden();
      await expect(dialog).toBeVisible();
      // The guard is gone for good (unmounted, its layer released) once focus is back in the dialog;
      // a click outside sooner would still land on the guard's layer.
      await expect.poll(() => dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    }
    // Once copied, the × closes straight away.
    await dialog.getByRole("button", { name: kind.copy }).click();
    await dialog.getByRole("button", { name: "Close dialog", exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(guard).toBeHidden();
  }
});

test("the secret is one line and a snippet breaks only outside it, on a phone", async ({ page }) => {
  await page.setViewportSize(PHONE);
  for (const kind of [CASES[0], CASES[1]]) {
    const dialog = await kind.open(page);
    await dialog.getByRole("button", { name: "Reveal" }).click();
    const lines = async (locator: Locator) => locator.evaluate((element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
    });
    expect(await lines(dialog.getByTestId(kind.testId)), `${kind.label}: the secret`).toBe(1);
    const snippets = dialog.getByTestId("snippet-secret");
    await expect(snippets.first()).toBeVisible();
    for (const snippet of await snippets.all()) expect(await lines(snippet), `${kind.label}: the secret in a snippet`).toBe(1);
    // The dialog itself never scrolls sideways; a long line scrolls inside its own box.
    expect(await dialog.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    await shot(page, `show-once-${kind.noun}-390`);
    await dialog.getByRole("button", { name: kind.copy }).click();
    await dialog.getByRole("button", { name: "Done" }).click();
  }
});
