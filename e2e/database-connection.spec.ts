import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { DEMO, DESKTOP, NOT_FOUND_TEXT, shotsAtBothSizes as bothSizes, signUp, uniqueName } from "./support";
import { createThrowawayDatabase, type ThrowawayDatabase } from "./throwaway-database";

// The Settings tab's "Database connection" card, as an Admin uses it: add a connection string
// (a bad one first: a field error, nothing stored), test it in the dialog and on the card against
// a throwaway database on the local PostgreSQL, replace it, see a refused connection reported by
// host and cause, remove it behind a confirmation; then a Viewer sees host, port, database and
// user read-only, and another workspace's user gets the 404 page. The password is never on a page.
// Screenshots of the card and the dialogs at 1280×800 and 390×844 go to test-results/screens.


let database: ThrowawayDatabase;
test.beforeAll(async () => {
  database = await createThrowawayDatabase("card");
});
test.afterAll(async () => {
  await database?.drop();
});


/** Creates a database resource in the demo project (no connection) and opens its Settings tab. */
async function newDatabase(page: Page): Promise<{ settings: string; name: string }> {
  await page.goto("/");
  await page.getByRole("link", { name: new RegExp(DEMO.project) }).click();
  await page.getByRole("button", { name: "New resource" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a resource" });
  const name = uniqueName("conn-db");
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("radio", { name: "Database" }).check();
  // The optional field, filled (masked) for the screenshot, then emptied: this resource starts without one.
  await dialog.getByLabel("Database connection string").fill(database.url("Dialog-Pw-1"));
  await bothSizes(page, "create-resource-dialog", dialog.getByRole("button", { name: "Add resource" }));
  await dialog.getByLabel("Database connection string").fill("");
  await dialog.getByRole("button", { name: "Add resource" }).click();
  await expect(page).toHaveURL(/\/api-keys$/);
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  return { settings: new URL(page.url()).pathname, name };
}

/** The demo Admin invites a Viewer; a new user accepts in a context of its own. */
async function joinAsViewer(page: Page, browser: Browser, baseURL: string): Promise<Page> {
  await page.goto("/?all=1");
  await page.getByRole("link", { name: new RegExp(`^${DEMO.workspace}`) }).click();
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("button", { name: "Invite member" }).click();
  const invite = page.getByRole("dialog", { name: "Invite a member" });
  const email = `${uniqueName("conn-viewer")}@example.test`;
  await invite.getByLabel("Email").fill(email);
  await invite.getByLabel("Role", { exact: true }).selectOption("VIEWER");
  await invite.getByRole("button", { name: "Create invitation" }).click();
  const shown = page.getByRole("dialog", { name: "Invitation link created" });
  await shown.getByRole("button", { name: "Copy invitation link" }).click();
  const link = (await page.evaluate(() => navigator.clipboard.readText())).trim();
  await shown.getByRole("button", { name: "Done" }).click();

  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] }, viewport: DESKTOP });
  const viewer = await context.newPage();
  await viewer.goto(link);
  await viewer.getByRole("link", { name: "Create an account" }).click();
  await viewer.getByLabel("Name").fill("Val Viewer");
  await viewer.getByLabel("Email").fill(email);
  await viewer.getByLabel("Password").fill("viewer-password-1");
  await viewer.getByRole("button", { name: "Create account" }).click();
  await viewer.getByRole("button", { name: "Accept invitation" }).click();
  await expect(viewer.getByRole("heading", { name: DEMO.workspace })).toBeVisible();
  return viewer;
}

test("Settings → Database connection: add, test, replace, remove; Viewer read-only; other workspaces get 404", async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize(DESKTOP);
  // The card and its dialogs work under the Content-Security-Policy (no eval, no inline script).
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
  });
  page.on("console", (message) => {
    if (message.type() === "error" && /CSP violation|Content Security Policy/.test(message.text())) violations.push(message.text());
  });
  const password = `Card-Canary-${uniqueName("pw")}`;
  const { settings } = await newDatabase(page);
  const card = page.getByTestId("database-connection-card");
  await expect(card.getByRole("heading", { name: "Database connection" })).toBeVisible();
  await expect(card).toContainText("No database connection");
  await bothSizes(page, "connection-card-empty", card);

  // A bad string: the field says why, nothing is stored.
  await card.getByRole("button", { name: "Add connection string" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a connection string" });
  const field = dialog.getByLabel("Connection string");
  await expect(field).toHaveAttribute("type", "password");
  await field.fill(`mysql://shop:${password}@${database.host}/shop`);
  await dialog.getByRole("button", { name: "Save connection" }).click();
  await expect(dialog.getByRole("alert")).toHaveText(/Use a PostgreSQL connection string/);
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await bothSizes(page, "connection-dialog-field-error", dialog.getByRole("button", { name: "Save connection" }));

  // The right one: tested in the dialog before saving, then saved.
  await field.fill(database.url(password));
  await dialog.getByRole("button", { name: "Show" }).click();
  await expect(field).toHaveAttribute("type", "text");
  await dialog.getByRole("button", { name: "Hide" }).click();
  await dialog.getByRole("button", { name: "Test connection" }).click();
  await expect(dialog.getByTestId("connection-test-result")).toContainText(`Connected to ${database.host}`);
  await expect(dialog.getByTestId("connection-test-result")).toContainText(/PostgreSQL \d+/);
  await bothSizes(page, "connection-dialog-tested", dialog.getByRole("button", { name: "Save connection" }));
  await dialog.getByRole("button", { name: "Save connection" }).click();
  await expect(dialog).toBeHidden();

  // The card: host, port, database, user; the password only as "stored encrypted".
  const details = card.getByTestId("database-connection-details");
  const rows: [string, string][] = [["Host", database.host], ["Port", String(database.port)], ["Database", database.name], ["User", database.user]];
  for (const [label, value] of rows) {
    await expect(details.locator("div").filter({ has: page.getByText(label, { exact: true }) })).toContainText(value);
  }
  await expect(card.getByRole("status")).toHaveText(/Connection saved\. The password is stored encrypted and won't be shown again\./);
  expect(await page.content()).not.toContain(password);
  await bothSizes(page, "connection-card-saved", card);
  await card.getByRole("button", { name: "Test connection" }).click();
  const result = card.getByTestId("connection-test-result");
  await expect(result).toContainText(`Connected to ${database.host}`);
  await expect(result).toContainText(/PostgreSQL \d+.* ms round trip · [\d.]+ ms to connect/);
  await bothSizes(page, "connection-card-tested", card);

  // Replace with a closed port: saved, and Test connection names host and cause, not the password.
  await card.getByRole("button", { name: "Replace" }).click();
  const replace = page.getByRole("dialog", { name: "Replace the connection string" });
  await replace.getByLabel("Connection string").fill(database.url(password).replace(`:${database.port}/`, ":1/"));
  await replace.getByRole("button", { name: "Save connection" }).click();
  await expect(replace).toBeHidden();
  await expect(details).toContainText(/Port\s*1(?!\d)/);
  await card.getByRole("button", { name: "Test connection" }).click();
  await expect(result).toContainText(`Cannot connect to ${database.user}@${database.host}:1/${database.name}: connection refused`);
  expect(await result.textContent()).not.toContain(password);
  await bothSizes(page, "connection-card-refused", card);

  // Remove, behind a confirmation that can be cancelled.
  await card.getByRole("button", { name: "Remove" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Remove the database connection?" });
  await expect(confirm).toContainText(database.host);
  await bothSizes(page, "connection-remove-dialog");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(details).toBeVisible();
  await card.getByRole("button", { name: "Remove" }).click();
  await confirm.getByRole("button", { name: "Remove connection" }).click();
  await expect(confirm).toBeHidden();
  await expect(card).toContainText("No database connection");
  await expect(card.getByRole("status")).toHaveText("Connection removed. The encrypted connection string was deleted.");
  await page.reload();
  await expect(card).toContainText("No database connection");

  expect(violations).toEqual([]);

  // Set once more, for the Viewer to see.
  await card.getByRole("button", { name: "Add connection string" }).click();
  await dialog.getByLabel("Connection string").fill(database.url(password));
  await dialog.getByRole("button", { name: "Save connection" }).click();
  await expect(details).toContainText(database.name);

  const viewer = await joinAsViewer(page, browser, testInfo.project.use.baseURL!);
  await viewer.goto(settings);
  const viewerCard = viewer.getByTestId("database-connection-card");
  await expect(viewerCard.getByTestId("database-connection-details")).toContainText(database.name);
  await expect(viewerCard.getByTestId("database-connection-details")).toContainText(database.host);
  for (const name of ["Test connection", "Replace", "Remove", "Add connection string"]) {
    await expect(viewerCard.getByRole("button", { name })).toHaveCount(0);
  }
  await expect(viewerCard).toContainText("Only Admins and Developers can change or test the database connection.");
  expect(await viewer.content()).not.toContain(password);
  await bothSizes(viewer, "connection-card-viewer", viewerCard);
  await viewer.context().close();

  // Another workspace's user: the page does not exist for them.
  const otherContext = await browser.newContext({ baseURL: testInfo.project.use.baseURL, storageState: { cookies: [], origins: [] } });
  const other = await otherContext.newPage();
  await signUp(other);
  await other.goto(settings);
  await expect(other.getByText(NOT_FOUND_TEXT)).toBeVisible();
  expect(await other.content()).not.toContain(database.name);
  await otherContext.close();
});
