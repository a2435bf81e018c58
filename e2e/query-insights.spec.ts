import { expect, test, type Page } from "@playwright/test";
import { axeFindings, formatFindings, type AxeFinding } from "./axe";
import { sendTraffic } from "./gateway-traffic";
import { createApiKey, DESKTOP, keyRow, openDemoResource, PHONE, revealKey, shotsAtBothSizes, uniqueName } from "./support";

// Issue 10, phase B: real traffic (the example app's Prisma Client 7 through the e2e server's
// gateway, with a key created in the Console) → after the gateway's flush the Queries tab shows it:
// the request count, both charts drawn, the top query shapes with their model and operation, the
// errors by code, the key filter; the API Keys list shows the key's 24-hour count and sparkline and
// the Delete dialog says it. axe finds nothing in either theme; screenshots at 1280 and 390 px.

/** The whole page (charts and tables are below the fold), at both widths, to look at. */
async function fullPageShots(page: Page, name: string) {
  for (const [size, viewport] of [["1280", DESKTOP], ["390", PHONE]] as const) {
    await page.setViewportSize(viewport);
    await page.getByTestId("chart-requests").getByRole("img").scrollIntoViewIfNeeded();
    await expect(page.getByTestId("chart-requests").getByRole("img")).toHaveAttribute("data-ready", "true");
    await page.screenshot({ path: `test-results/screens/${name}-full-${size}.png`, fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

async function openQueries(page: Page, resourceUrl: string) {
  await page.goto(resourceUrl.replace(/\/api-keys$/, "/queries"));
  await expect(page.getByRole("heading", { name: "Query Insights" })).toBeVisible();
}

test("the Queries tab shows real gateway traffic: counts, charts, top shapes, errors, key filter", async ({ page }) => {
  test.setTimeout(120_000);
  const resource = await openDemoResource(page, "storefront-db");
  const name = uniqueName("insights");
  const created = await createApiKey(page, name);
  const key = await revealKey(created);
  await created.getByRole("button", { name: "Done" }).click();
  await page.getByRole("button", { name: "Close without copying" }).click();

  const canary = uniqueName("usage-canary");
  const sent = await sendTraffic(key, canary);

  // The gateway writes usage every 5 s: reload until all of this key's requests are there.
  await openQueries(page, resource.url);
  const filter = page.getByLabel("Filter by API key");
  const totals = page.getByTestId("usage-totals");
  const requestsShown = totals.locator("div", { has: page.getByText("Requests", { exact: true }) }).locator("dd").first();
  await expect
    .poll(async () => {
      await page.reload();
      if ((await filter.locator("option", { hasText: name }).count()) === 0) return "no traffic yet";
      await filter.selectOption({ label: name });
      await expect(page.getByTestId("top-by-count")).toBeVisible();
      return (await requestsShown.textContent())?.trim();
    }, { timeout: 40_000, intervals: [2_000] })
    .toBe(String(sent.requests));
  await expect(totals).toContainText(`Errors${sent.errors}`);
  // Both charts are drawn (uPlot loaded on demand) at their reserved height.
  for (const chart of ["chart-requests", "chart-latency"]) {
    const box = page.getByTestId(chart).getByRole("img");
    await expect(box).toHaveAttribute("data-ready", "true");
    await expect(box.locator("canvas")).toHaveCount(1);
    // Something is drawn: axes, grid and the series are pixels on the canvas (a blank one has none).
    const painted = await box.locator("canvas").evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) count++;
      return count;
    });
    expect(painted, `${chart} has pixels drawn`).toBeGreaterThan(2_000);
    expect((await box.boundingBox())!.height).toBe(180);
  }
  const byCount = page.getByTestId("top-by-count").getByTestId("query-shape");
  await expect(byCount.first()).toContainText("Product.findMany");
  await expect(byCount.first()).toContainText(`${sent.findMany} ×`);
  await expect(page.getByTestId("top-by-count")).toContainText("Customer.aggregate");
  await expect(page.getByTestId("errors-by-code")).toContainText(`P2002 × ${sent.errors}`);
  // The shape is SQL with every value as `?`; the canary is nowhere on the page.
  await expect(byCount.first().locator("code")).toContainText('FROM "public"."Product"');
  expect(await page.content()).not.toContain(canary);

  const findings: AxeFinding[] = [];
  findings.push(...(await axeFindings(page, "Queries, light")));
  await shotsAtBothSizes(page, "queries-light");
  await fullPageShots(page, "queries-light");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload();
  await filter.selectOption({ label: name });
  await expect(page.getByTestId("chart-requests").getByRole("img")).toHaveAttribute("data-ready", "true");
  findings.push(...(await axeFindings(page, "Queries, dark")));
  await shotsAtBothSizes(page, "queries-dark");
  await fullPageShots(page, "queries-dark");
  await page.emulateMedia({ colorScheme: "light" });

  // The API Keys list: the key's requests in the last 24 hours and its sparkline; the Delete dialog says it.
  await page.goto(resource.url);
  const row = keyRow(page, name);
  await expect(row.getByTestId("key-usage")).toContainText(String(sent.requests));
  await expect(row.getByTestId("key-usage").locator("svg rect").first()).toBeVisible();
  await row.getByRole("button", { name: `Delete ${name}` }).click();
  const dialog = page.getByRole("alertdialog", { name: "Delete API key?" });
  await expect(dialog.getByTestId("delete-key-usage")).toContainText(`It made ${sent.requests} requests through the gateway in the last 24 hours`);
  findings.push(...(await axeFindings(page, "Delete dialog with usage")));
  await shotsAtBothSizes(page, "delete-key-usage", dialog);
  await page.keyboard.press("Escape");
  expect(formatFindings(findings)).toBe("");
});

test("the Queries tab without traffic: an empty state that says what will show and how", async ({ page }) => {
  const resource = await openDemoResource(page, "Production");
  await openQueries(page, resource.url);
  await page.getByRole("button", { name: "Last hour" }).click();
  await expect(page.getByText("No traffic in this range")).toBeVisible();
  await expect(page.getByRole("link", { name: "Create a key" })).toHaveAttribute("href", /\/api-keys$/);
  const findings = await axeFindings(page, "Queries, empty");
  await shotsAtBothSizes(page, "queries-empty");
  expect(formatFindings(findings)).toBe("");
});
