import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import pg from "pg";
import { axeFindings, formatFindings, type AxeFinding } from "./axe";
import { startConsole, type ConsoleProcess } from "./console-process";
import { makeKeys, makeResource, type KeyFixture } from "./key-fixtures";
import { DEMO, DESKTOP, PHONE, shot } from "./support";
import { createThrowawayDatabase, type ThrowawayDatabase } from "./throwaway-database";

// Issue 11, nudges: the API Keys list flags keys older than the rotation age ("Rotate", which opens
// Roll) and keys unused for 30 days or never used 7 days after creation ("Unused — delete?", which
// opens Delete); the resource's list and the workspace page count them; Admins set the thresholds
// in workspace Settings. Keys cannot be made old through the Console, so this runs a Console of its
// own on a throwaway PostgreSQL database and ages its keys there with SQL.

let database: ThrowawayDatabase;
let consoleProcess: ConsoleProcess;
let dataDir: string;
let context: BrowserContext;
let page: Page;
let api: APIRequestContext;
let fixture: KeyFixture;

test.describe.configure({ mode: "serial", timeout: 240_000 });
test.use({ storageState: { cookies: [], origins: [] } });

async function sql(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: database.url("unused") });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

test.beforeAll(async ({ browser, playwright }) => {
  test.setTimeout(240_000);
  database = await createThrowawayDatabase("nudges");
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-nudges-"));
  consoleProcess = await startConsole({ DATABASE_URL: database.url("unused"), PLATFORM_DATA_DIR: dataDir, PLATFORM_DEMO: "1" });
  context = await browser.newContext({ baseURL: consoleProcess.origin, viewport: DESKTOP, permissions: ["clipboard-read", "clipboard-write"] });
  page = await context.newPage();
  api = await playwright.request.newContext({ baseURL: consoleProcess.origin });
  await page.goto("/login");
  await page.getByLabel("Email").fill(DEMO.email);
  await page.getByLabel("Password").fill(DEMO.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);

  fixture = await makeResource(page, api, "Nudges");
  await makeKeys(api, fixture, ["old-key", "unused-key", "never-used", "fresh"]);
  // Age them: 100 days old and used yesterday; used last 40 days ago; never used in 10 days; untouched.
  await sql(`UPDATE "ApiKey" SET "createdAt" = now() - interval '100 days', "lastUsedAt" = now() - interval '1 day', "expiresAt" = NULL WHERE "name" = 'old-key'`);
  await sql(`UPDATE "ApiKey" SET "createdAt" = now() - interval '60 days', "lastUsedAt" = now() - interval '40 days' WHERE "name" = 'unused-key'`);
  await sql(`UPDATE "ApiKey" SET "createdAt" = now() - interval '10 days' WHERE "name" = 'never-used'`);
});

test.afterAll(async () => {
  await api?.dispose();
  await context?.close();
  await consoleProcess?.stop();
  if (consoleProcess) fs.writeFileSync(path.join("test-results", "key-nudges-console.log"), consoleProcess.output());
  await database?.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const row = (name: string) => page.getByTestId("api-key-row").filter({ hasText: new RegExp(`^${name}`) });

test("the list flags old and unused keys, and the flags open Roll and Delete", async () => {
  const findings: AxeFinding[] = [];
  await page.goto(fixture.url);
  await expect(page.getByTestId("api-key-count")).toHaveText("4 keys");
  await expect(page.getByTestId("api-key-nudge-summary")).toContainText("1 key to rotate · 2 keys unused.");
  await expect(row("old-key").getByTestId("api-key-nudge-rotate")).toHaveText("Rotate (old-key)");
  await expect(row("old-key").getByTestId("api-key-nudge-rotate")).toHaveAttribute("title", "Created 100 days ago: roll it to a new key.");
  await expect(row("old-key").getByTestId("api-key-nudge-unused")).toHaveCount(0);
  await expect(row("unused-key").getByTestId("api-key-nudge-unused")).toHaveAttribute("title", /^Not used for 40 days/);
  await expect(row("never-used").getByTestId("api-key-nudge-unused")).toHaveAttribute("title", /^Never used in the 10 days/);
  await expect(row("unused-key").getByTestId("api-key-nudge-rotate")).toHaveCount(0);
  await expect(row("fresh").locator("[data-testid^=api-key-nudge]")).toHaveCount(0);

  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    for (const [size, viewport] of [["1280", DESKTOP], ["390", PHONE]] as const) {
      await page.setViewportSize(viewport);
      await shot(page, `key-nudges-${size}-${colorScheme}`);
      findings.push(...(await axeFindings(page, `key list with nudges, ${size} ${colorScheme}`)));
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize(DESKTOP);

  await row("old-key").getByRole("button", { name: "Rotate (old-key)" }).click();
  await expect(page.getByRole("dialog", { name: "Roll “old-key”?" })).toBeVisible();
  await page.keyboard.press("Escape");
  await row("unused-key").getByRole("button", { name: "Unused — delete? (unused-key)" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Delete API key?" });
  await expect(confirm).toContainText("unused-key");
  await page.keyboard.press("Escape");
  await expect(confirm).toBeHidden();
  expect(formatFindings(findings)).toBe("");
});

test("the workspace page counts them, and Admins change the thresholds in Settings", async () => {
  const findings: AxeFinding[] = [];
  await page.goto(`/${fixture.workspaceId}`);
  await expect(page.getByTestId("workspace-nudges-rotate")).toHaveText("1 key to rotate (older than 90 days)");
  await expect(page.getByTestId("workspace-nudges-unused")).toHaveText("2 keys unused");
  // Each flagged resource is named, with a link to its list.
  const byResource = page.getByRole("list", { name: "By resource" });
  await expect(byResource.getByRole("listitem")).toHaveText(["Nudges / staging: 1 to rotate, 2 unused"]);
  await expect(byResource.getByRole("link", { name: "Nudges / staging" })).toHaveAttribute("href", fixture.url);
  findings.push(...(await axeFindings(page, "workspace page with nudge counts")));
  await shot(page, "workspace-nudges-1280");

  await page.getByRole("link", { name: "Change the thresholds" }).click();
  const card = page.getByRole("region", { name: "Key reminders" });
  await expect(card).toBeVisible();
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    for (const [size, viewport] of [["1280", DESKTOP], ["390", PHONE]] as const) {
      await page.setViewportSize(viewport);
      await card.scrollIntoViewIfNeeded();
      await shot(page, `settings-key-reminders-${size}-${colorScheme}`);
      findings.push(...(await axeFindings(page, `settings, key reminders, ${size} ${colorScheme}`)));
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize(DESKTOP);

  // A bad value is refused with a message, and nothing changes.
  const rotate = card.getByRole("spinbutton", { name: /Flag keys older than/ });
  await rotate.fill("0");
  await card.getByRole("button", { name: "Save reminders" }).click();
  await expect(card.getByRole("alert")).toHaveText("Use at least 1 day.");
  findings.push(...(await axeFindings(page, "settings, key reminders with an error")));

  // Rotate after 120 days, and no nudge for never-used keys.
  await rotate.fill("120");
  await card.getByRole("checkbox", { name: "Flag keys never used" }).uncheck();
  await card.getByRole("button", { name: "Save reminders" }).click();
  await expect(page.getByText("Key reminders saved.")).toBeVisible();
  expect((await sql(`SELECT "keyRotateAfterDays", "keyNeverUsedAfterDays", "keyUnusedAfterDays" FROM "Workspace" WHERE "id" = $1`, [fixture.workspaceId])).rows[0]).toEqual({
    keyRotateAfterDays: 120,
    keyNeverUsedAfterDays: null,
    keyUnusedAfterDays: 30,
  });

  await page.goto(`/${fixture.workspaceId}`);
  await expect(page.getByTestId("workspace-nudges-rotate")).toHaveCount(0);
  await expect(page.getByTestId("workspace-nudges-unused")).toHaveText("1 key unused");
  await page.goto(fixture.url);
  await expect(row("old-key").locator("[data-testid^=api-key-nudge]")).toHaveCount(0);
  await expect(row("never-used").locator("[data-testid^=api-key-nudge]")).toHaveCount(0);
  await expect(row("unused-key").getByTestId("api-key-nudge-unused")).toBeVisible();
  expect(formatFindings(findings)).toBe("");
});
