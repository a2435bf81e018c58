import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DATA_DIR, filesContaining, filesUnder, payloadsOf, PGLITE_DIR, SERVER_LOG, trackVisits } from "./leak-search";
import { createApiKey, keyRow, openDemoResource, revealKey, uniqueName } from "./support";
import { sendTraffic } from "./gateway-traffic";

// The leak canary for usage and query insights (issue 10, searched as in leak-canary.spec.ts): a canary sent only as a query parameter, through the gateway
// by a real Prisma Client, is stored nowhere: not in the Queries tab's pages and RSC payloads, the
// API Keys list, the server's log or the embedded database's files. Positive control: the shape the
// gateway stored for that query (its SQL with `?` for every value) is found in the same files.
test("leak canary: a query parameter sent through the gateway is in no usage page, log line or database file", async ({ page }) => {
  test.setTimeout(120_000);
  const visited = trackVisits(page);
  const resource = await openDemoResource(page, "storefront-db");
  const name = uniqueName("canary-usage");
  const created = await createApiKey(page, name);
  const key = await revealKey(created);
  await created.getByRole("button", { name: "Done" }).click();
  await page.getByRole("button", { name: "Close without copying" }).click();
  const canary = `usage-canary-${uniqueName("p")}`;
  await sendTraffic(key, canary, { findMany: 5, count: 3, errors: 1 });

  const queries = resource.url.replace(/\/api-keys$/, "/queries");
  const filter = page.getByLabel("Filter by API key");
  await expect
    .poll(async () => {
      await page.goto(queries);
      return filter.locator("option", { hasText: name }).count();
    }, { timeout: 30_000, intervals: [1_000] })
    .toBe(1);
  await filter.selectOption({ label: name });
  const shape = page.getByTestId("top-by-count").getByTestId("query-shape").filter({ hasText: "Product.findMany" }).locator("code");
  // The list is this key's once the filter's answer is in (before it, every key's shapes are shown:
  // the demo's example app runs a findMany of its own).
  await expect(shape).toHaveCount(1);
  const shapeText = (await shape.getAttribute("title"))!;
  expect(shapeText).toContain('FROM "public"."Product"');
  await page.goto(resource.url);
  await expect(keyRow(page, name)).toBeVisible();

  const forms = [canary, encodeURIComponent(canary)];
  const payloadHits = (await payloadsOf(page, visited)).flatMap(({ where, text }) => forms.filter((form) => text.includes(form)).map(() => where));
  const log = fs.readFileSync(SERVER_LOG, "utf8");
  await expect
    .poll(() => filesContaining(filesUnder(PGLITE_DIR), shapeText).length, { message: "positive control: the stored shape is in the database files", timeout: 15_000 })
    .toBeGreaterThan(0);
  const dbHits = filesContaining(filesUnder(PGLITE_DIR), canary).map((file) => path.relative(DATA_DIR, file));
  console.log(`[leak canary] usage: ${visited.size} pages, server.log (${log.length} chars), ${filesUnder(PGLITE_DIR).length} database files → ` +
    `${payloadHits.length + (log.includes(canary) ? 1 : 0) + dbHits.length} hits of the parameter canary`);
  expect(payloadHits).toEqual([]);
  expect(log.includes(canary)).toBe(false);
  expect(dbHits).toEqual([]);
});
