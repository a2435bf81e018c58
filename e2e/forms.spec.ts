import { expect, test } from "@playwright/test";
import { createDialog, openDemoResource, shot } from "./support";

// Forms check names with the action's own schema before any round trip, never truncate what was
// typed or pasted, count characters, and do not jump when an error appears (issue 12, item 6).

test("a 200-character paste stays whole, is counted, and is refused by the client with the server's words", async ({ page }) => {
  await openDemoResource(page, "Production");
  await page.getByRole("button", { name: "Create API Key" }).first().click();
  const dialog = createDialog(page);
  const name = dialog.getByLabel("Name");
  await expect(dialog.getByText("0/64")).toBeVisible();

  const long = "k".repeat(200);
  await name.fill(long);
  await expect(name).toHaveValue(long);
  await expect(dialog.getByText("200/64")).toBeVisible();

  // No action runs: the request count to the server stays where it was.
  let posts = 0;
  page.on("request", (request) => {
    if (request.method() === "POST") posts++;
  });
  const before = await dialog.boundingBox();
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Use at most 64 characters.");
  expect(posts).toBe(0);
  const after = await dialog.boundingBox();
  expect(after!.height).toBe(before!.height);
  await shot(page, "form-name-too-long");

  // Fixing it clears the error as the user types; an invisible character is named.
  await name.fill("production\u200b");
  await expect(dialog.getByRole("alert")).toHaveText("Remove control or invisible characters from the name.");
  await name.fill("production");
  await expect(dialog.getByRole("alert")).toHaveCount(0);
  await expect(dialog.getByText("10/64")).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
});

test("rename and token dialogs share the same field: counter, live check, no truncation", async ({ page }) => {
  await page.goto("/account/tokens");
  await page.getByRole("button", { name: "Create access token" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("t".repeat(100));
  await expect(dialog.getByLabel("Name")).toHaveValue("t".repeat(100));
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Use at most 64 characters.");
  await expect(dialog.getByText("100/64")).toBeVisible();
  await dialog.getByLabel("Name").fill("t".repeat(64));
  await expect(dialog.getByRole("alert")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Cancel" }).click();
});

test("a long unbroken name wraps inside the delete dialog instead of overflowing it", async ({ page }) => {
  await openDemoResource(page, "Production");
  const name = `w${Date.now().toString(36)}`.padEnd(64, "w");
  await page.getByRole("button", { name: "Create API Key" }).first().click();
  await createDialog(page).getByLabel("Name").fill(name);
  await createDialog(page).getByRole("button", { name: "Create", exact: true }).click();
  const created = page.getByRole("dialog", { name: "API key created" });
  await created.getByRole("button", { name: "Copy API key" }).click();
  await created.getByRole("button", { name: "Done" }).click();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("button", { name: `Delete ${name}` }).click();
  const confirm = page.getByRole("alertdialog", { name: "Delete API key?" });
  await expect(confirm).toBeVisible();
  const overflow = await confirm.evaluate((element) => element.scrollWidth - element.clientWidth);
  expect(overflow).toBe(0);
  await shot(page, "delete-long-name-390");
  await confirm.getByRole("button", { name: "Delete key" }).click();
  await expect(confirm).toBeHidden();
});

test("a double click on Create makes one key (issue 11, idempotent creation)", async ({ page }) => {
  await openDemoResource(page, "Production");
  const name = `double-${Date.now().toString(36)}`;
  await page.getByRole("button", { name: "Create API Key" }).first().click();
  await createDialog(page).getByLabel("Name").fill(name);
  await createDialog(page).getByRole("button", { name: "Create", exact: true }).dblclick();
  const created = page.getByRole("dialog", { name: "API key created" });
  await created.getByRole("button", { name: "Copy API key" }).click();
  await created.getByRole("button", { name: "Done" }).click();
  await page.reload();
  await expect(page.getByTestId("api-key-row").filter({ hasText: name })).toHaveCount(1);
});
