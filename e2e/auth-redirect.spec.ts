import { expect, test } from "@playwright/test";
import { DEMO } from "./support";

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
