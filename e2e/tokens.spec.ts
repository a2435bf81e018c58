import { expect, test } from "@playwright/test";
import { revealToken, shot, shotsAtBothSizes, uniqueName } from "./support";

// Access tokens are made on the Access tokens page, shown once (in the same dialog as a new API key),
// and work as Bearer tokens for the REST API until deleted.
test("create a personal access token, use it, delete it", async ({ page, request }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Access tokens" }).click();
  await expect(page.getByRole("heading", { name: "Access tokens", exact: true })).toBeVisible();

  const name = uniqueName("laptop");
  await page.getByRole("button", { name: "Create access token" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill(name);
  await page.getByRole("dialog").getByRole("button", { name: "Create", exact: true }).click();
  const token = await revealToken(page);
  expect(token).toMatch(/^pcpat_[0-9A-Za-z]{38}$/);
  await shot(page, "access-token-created");

  // Done without copying asks first.
  await page.getByRole("button", { name: "Done" }).click();
  await page.getByRole("button", { name: "Close without copying" }).click();
  await expect(page.getByRole("dialog")).toBeHidden();
  expect(await page.content()).not.toContain(token);
  const row = page.getByTestId("access-token-row").filter({ hasText: name });
  await expect(row).toContainText(`pcpat_…${token.slice(-4)}`);
  await expect(row).toContainText("Never");
  // The same table as the API keys, with a count and the new row marked.
  await expect(page.getByTestId("access-token-count")).toHaveText(/^\d+ access tokens?$/);
  await expect(row).toHaveAttribute("data-new", "true");
  await shotsAtBothSizes(page, "access-tokens", row);

  const me = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect((await me.json()).data).toMatchObject({ type: "user", email: "demo@example.com" });

  await row.getByRole("button", { name: `Delete ${name}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete token" }).click();
  await expect(row).toHaveCount(0);
  const after = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(after.status()).toBe(401);
});

test("an Admin creates a workspace service token in the workspace settings", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Settings" }).click();
  const panel = page.getByRole("region", { name: "Service tokens" });
  await panel.getByRole("button", { name: "Create service token" }).click();
  const name = uniqueName("ci-deploy");
  await page.getByRole("dialog").getByLabel("Name").fill(name);
  await page.getByRole("dialog").getByRole("button", { name: "Create", exact: true }).click();
  expect(await revealToken(page)).toMatch(/^pcwst_[0-9A-Za-z]{38}$/);
  await page.getByRole("button", { name: "Copy token" }).click();
  await page.getByRole("button", { name: "Done" }).click();
  await expect(panel.getByTestId("access-token-row").filter({ hasText: name })).toContainText("Demo User");
});
