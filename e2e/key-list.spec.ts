import { expect, test, type Locator, type Page } from "@playwright/test";
import { makeKeys, makeResource } from "./key-fixtures";
import { createApiKey, DESKTOP, PHONE, shot, uniqueName, verifyKey } from "./support";

// Issue 12, item 4: the API Keys list says how many keys there are, shows the full creation time on
// hover, sorts by name, created and last used (aria-sort on the headers, the order in the URL), and
// marks a newly created row for a moment (without the fade under prefers-reduced-motion).

const names = (page: Page) => page.getByTestId("api-key-row").locator("td:first-child > p:first-of-type").allInnerTexts();
const header = (page: Page, label: string): Locator => page.getByRole("columnheader", { name: label, exact: true });

async function expectOrder(page: Page, expected: string[]) {
  await expect.poll(async () => (await names(page)).map((text) => text.split("\n")[0]!.trim())).toEqual(expected);
}

test("counts the keys, shows the creation time on hover, and sorts by name, created and last used", async ({ page, request }) => {
  const fixture = await makeResource(page, request);
  const keys = await makeKeys(request, fixture, ["charlie", "alpha", "delta", "bravo"]);
  await page.goto(fixture.url);
  await expect(page.getByTestId("api-key-count")).toHaveText("4 keys");

  // Newest first by default; the Created header says so.
  await expectOrder(page, ["bravo", "delta", "alpha", "charlie"]);
  await expect(header(page, "Created")).toHaveAttribute("aria-sort", "descending");
  await expect(header(page, "Name")).not.toHaveAttribute("aria-sort", /.+/);

  // The creation date shows the full date and time (UTC) on hover.
  const created = page.getByTestId("api-key-row").first().locator("time").first();
  await expect(created).toHaveAttribute("title", /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2} [AP]M UTC$/);
  await expect(created).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);

  // Name: A–Z, then Z–A; the order is in the URL and survives a reload.
  await header(page, "Name").getByRole("button").click();
  await expectOrder(page, ["alpha", "bravo", "charlie", "delta"]);
  await expect(page).toHaveURL(/\?sort=name&order=asc$/);
  await expect(header(page, "Name")).toHaveAttribute("aria-sort", "ascending");
  await expect(header(page, "Created")).not.toHaveAttribute("aria-sort", /.+/);
  await header(page, "Name").getByRole("button").click();
  await expectOrder(page, ["delta", "charlie", "bravo", "alpha"]);
  await page.reload();
  await expectOrder(page, ["delta", "charlie", "bravo", "alpha"]);
  await expect(header(page, "Name")).toHaveAttribute("aria-sort", "descending");

  // Created, oldest first.
  await header(page, "Created").getByRole("button").click();
  await expect(header(page, "Created")).toHaveAttribute("aria-sort", "descending");
  await header(page, "Created").getByRole("button").click();
  await expectOrder(page, ["charlie", "alpha", "delta", "bravo"]);
  await expect(page).toHaveURL(/\?sort=created&order=asc$/);

  // Last used: use "alpha"; once the gateway has written the use, it comes first (never-used keys last).
  expect((await verifyKey(request, keys.alpha!)).status).toBe(200);
  await page.goto(`${fixture.url}?sort=lastUsed&order=desc`);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("api-key-row").first()).toContainText("alpha", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(header(page, "Last used")).toHaveAttribute("aria-sort", "descending");
  await header(page, "Last used").getByRole("button").click();
  await expect(page.getByTestId("api-key-row").last()).toContainText("alpha");

  // A phone has no header row: a select sorts instead, with the same orders.
  await page.setViewportSize(PHONE);
  const select = page.getByLabel("Sort");
  await expect(select).toBeVisible();
  await select.selectOption({ label: "Name A–Z" });
  await expectOrder(page, ["alpha", "bravo", "charlie", "delta"]);
  await expect(page).toHaveURL(/\?sort=name&order=asc$/);
});

test("a new key's row is marked for a moment and the count goes up; reduced motion drops the fade", async ({ page, request }) => {
  const fixture = await makeResource(page, request);
  await makeKeys(request, fixture, ["first", "second"]);
  await page.goto(fixture.url);
  await expect(page.getByTestId("api-key-count")).toHaveText("2 keys");

  const name = uniqueName("new-key");
  const created = await createApiKey(page, name);
  await created.getByRole("button", { name: "Copy API key" }).click();
  await created.getByRole("button", { name: "Done" }).click();
  const row = page.getByTestId("api-key-row").filter({ hasText: name });
  await expect(row).toHaveAttribute("data-new", "true");
  await expect(row.getByTestId("new-badge")).toHaveText("New");
  // The mark is a bar on the row's leading edge (a tinted background would take its grey and red text below 4.5:1).
  const bar = row.getByTestId("highlight-bar");
  expect(await bar.evaluate((element) => getComputedStyle(element).opacity)).toBe("1");
  expect(await bar.evaluate((element) => Math.round(element.getBoundingClientRect().left - element.closest("tr")!.getBoundingClientRect().left))).toBe(0);
  // … of that row only: as tall as the row, not the whole table.
  const [barBox, rowBox] = await Promise.all([bar.boundingBox(), row.boundingBox()]);
  expect(Math.abs(barBox!.y - rowBox!.y)).toBeLessThanOrEqual(1);
  expect(Math.abs(barBox!.height - rowBox!.height)).toBeLessThanOrEqual(1);
  await expect(page.getByTestId("api-key-count")).toHaveText("3 keys");
  const others = page.getByTestId("api-key-row").filter({ hasNotText: name });
  await expect(others.first()).not.toHaveAttribute("data-new", /.*/);
  // It fades back after a few seconds.
  await expect(row).not.toHaveAttribute("data-new", /.*/, { timeout: 8_000 });
  await expect(row.getByTestId("new-badge")).toHaveCount(0);
  expect(await bar.evaluate((element) => getComputedStyle(element).transitionDuration)).toBe("1s");
  await expect.poll(() => bar.evaluate((element) => getComputedStyle(element).opacity)).toBe("0");

  // Under prefers-reduced-motion, the mark comes and goes without a transition.
  await page.emulateMedia({ reducedMotion: "reduce" });
  const still = uniqueName("still");
  const again = await createApiKey(page, still);
  await again.getByRole("button", { name: "Copy API key" }).click();
  await again.getByRole("button", { name: "Done" }).click();
  const stillRow = page.getByTestId("api-key-row").filter({ hasText: still });
  await expect(stillRow).toHaveAttribute("data-new", "true");
  const stillBar = stillRow.getByTestId("highlight-bar");
  await expect(stillRow).not.toHaveAttribute("data-new", /.*/, { timeout: 8_000 });
  expect(await stillBar.evaluate((element) => getComputedStyle(element).transitionDuration)).toBe("0s");
  expect(await stillBar.evaluate((element) => getComputedStyle(element).opacity)).toBe("0");
});

test("50 keys: the count, and the list at both sizes in both themes", async ({ page, request }) => {
  test.setTimeout(90_000);
  const fixture = await makeResource(page, request);
  await makeKeys(request, fixture, Array.from({ length: 50 }, (_, index) => `preview-branch-feature-checkout-redesign-${String(index + 1).padStart(2, "0")}`));
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    for (const [size, viewport] of [["1280", DESKTOP], ["390", PHONE]] as const) {
      await page.setViewportSize(viewport);
      await page.goto(fixture.url);
      await expect(page.getByTestId("api-key-count")).toHaveText("50 keys");
      await expect(page.getByTestId("api-key-row")).toHaveCount(50);
      await shot(page, `key-list-50-${size}-${colorScheme}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth), `${size} ${colorScheme}`).toBe(false);
    }
  }
});
