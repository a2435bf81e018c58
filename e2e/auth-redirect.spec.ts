import { expect, test } from "@playwright/test";
import { DEMO, DEMO_STORAGE_STATE, openDemoResource } from "./support";

// After sign-in the Console follows `?next=` only within its own origin (issue 8, item 4).
// Chromium drops a tab from "/\t/evil.example", so before the fix it landed on evil.example.

test.use({ storageState: { cookies: [], origins: [] } });

for (const next of ["/%09/evil.example", "/%09%5Cevil.example", "/.//evil.example", "//evil.example"]) {
  test(`signing in with next=${next} stays on the Console's origin`, async ({ page, baseURL }) => {
    await page.goto(`/login?next=${next}`);
    await page.getByLabel("Email").fill(DEMO.email);
    await page.getByLabel("Password").fill(DEMO.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: DEMO.workspace })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    expect(page.url()).not.toContain("evil");
  });
}

test("a same-origin next is followed, with its query", async ({ page }) => {
  await page.goto(`/login?next=${encodeURIComponent("/account/tokens?from=login")}`);
  await page.getByLabel("Email").fill(DEMO.email);
  await page.getByLabel("Password").fill(DEMO.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account\/tokens\?from=login$/);
  await expect(page.getByRole("heading", { name: "Access tokens", exact: true })).toBeVisible();
});

test("a signed-out visit to a deep link signs in and lands on that page (issue 12, item 2)", async ({ browser, page, baseURL }) => {
  // The demo resource's API Keys URL, found by a signed-in browser.
  const signedIn = await browser.newContext({ storageState: DEMO_STORAGE_STATE });
  const resource = await openDemoResource(await signedIn.newPage());
  await signedIn.close();
  const deepLink = `${new URL(resource.url).pathname}?sort=name`;

  await page.goto(deepLink);
  await expect(page).toHaveURL(`${baseURL}/login?next=${encodeURIComponent(deepLink)}`);
  await page.getByLabel("Email").fill(DEMO.email);
  await page.getByLabel("Password").fill(DEMO.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${baseURL}${deepLink}`);
  await expect(page.getByRole("heading", { name: "API Keys" })).toBeVisible();
});

test("a client's own requested-path header cannot send the sign-in anywhere else", async ({ page, baseURL }) => {
  await page.setExtraHTTPHeaders({ "x-platform-requested-path": "//evil.example/phish" });
  await page.goto("/account");
  expect(page.url()).toBe(`${baseURL}/login?next=${encodeURIComponent("/account")}`);
});
