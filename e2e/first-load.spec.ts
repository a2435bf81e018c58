import { expect, test } from "@playwright/test";
import { openDemoResource } from "./support";

// What the API Keys tab ships (issue 12, item 10): zod (about 30 KB gzipped, 100 KB to parse) is
// loaded when a name field first mounts, not with the page — it was the largest library of the
// first load, and a phone pays for parsing it in blocking time. Count-based: which script bodies
// contain zod's error class, before and after opening the dialog.

test("the API Keys tab's first load has no zod; opening Create API Key loads it and checks the name", async ({ page }) => {
  const scripts: Array<{ url: string; hasZod: Promise<boolean> }> = [];
  page.on("response", (response) => {
    if (response.request().resourceType() !== "script") return;
    scripts.push({ url: response.url(), hasZod: response.text().then((body) => body.includes("ZodError")) });
  });
  await openDemoResource(page, "Production");
  await page.waitForLoadState("networkidle");
  const firstLoad = await Promise.all(scripts.map((script) => script.hasZod));
  expect(firstLoad.length).toBeGreaterThan(3);
  expect(firstLoad.filter(Boolean)).toHaveLength(0);

  await page.getByRole("button", { name: "Create API Key" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create API Key" });
  await expect.poll(async () => (await Promise.all(scripts.map((script) => script.hasZod))).filter(Boolean).length).toBeGreaterThan(0);
  // And the client-side check runs with it: a blank name is refused before any request.
  await dialog.getByLabel("Name").fill("   ");
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(dialog.getByText("Enter a name.")).toBeVisible();
});
