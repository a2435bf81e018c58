import { expect, test, type Page } from "@playwright/test";
import { axeFindings, formatFindings, type AxeFinding } from "./axe";
import { DEMO, createApiKey, openDemoResource, uniqueName } from "./support";

// axe-core on every page and dialog state (issue 12, item 10), at desktop and phone widths:
// 0 violations of WCAG 2.1/2.2 A/AA and axe's best practices. Each test walks its screens, collects
// every state's findings and fails once with the whole list.

const VIEWPORTS = [
  { name: "1280", width: 1280, height: 800 },
  { name: "390", width: 390, height: 844 },
] as const;

async function check(page: Page, findings: AxeFinding[], state: string) {
  findings.push(...(await axeFindings(page, state)));
}

/** Opens a dialog with `open`, checks it, closes it with Escape. */
async function checkDialog(page: Page, findings: AxeFinding[], state: string, open: () => Promise<void>, name: string | RegExp) {
  await open();
  const dialog = page.getByRole("dialog", { name }).or(page.getByRole("alertdialog", { name }));
  await expect(dialog).toBeVisible();
  await check(page, findings, state);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
}

// Both themes: the dark one as most users get it, by following the device (prefers-color-scheme).
const COLOR_SCHEMES = ["light", "dark"] as const;

for (const colorScheme of COLOR_SCHEMES)
for (const viewport of VIEWPORTS) {
  test.describe(`axe at ${viewport.name} px, ${colorScheme}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height }, colorScheme });

    test("signed-out pages: sign-in, sign-up, forgot password", async ({ browser }) => {
      const context = await browser.newContext({ storageState: undefined, viewport, colorScheme });
      const page = await context.newPage();
      const findings: AxeFinding[] = [];
      for (const [path, heading] of [
        ["/login", "Sign in"],
        ["/signup", "Create an account"],
        ["/forgot-password", /password/i],
      ] as const) {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
        await check(page, findings, path);
      }
      // A form with its errors showing.
      await page.goto("/login");
      await page.getByLabel("Email").fill("nobody@example.test");
      await page.getByLabel("Password").fill("wrong-password-1");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("alert").first()).toBeVisible();
      await check(page, findings, "/login with an error");
      await context.close();
      expect(formatFindings(findings)).toBe("");
    });

    test("workspaces, workspace, project and their dialogs", async ({ page }) => {
      test.setTimeout(120_000);
      const findings: AxeFinding[] = [];
      await page.goto("/?all=1");
      await expect(page.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();
      await check(page, findings, "workspaces");
      await checkDialog(page, findings, "create workspace", () => page.getByRole("button", { name: "New workspace" }).first().click(), "Create a workspace");

      const resource = await openDemoResource(page, "Production");
      await page.goto(`/${resource.workspaceId}`);
      await expect(page.getByRole("heading", { level: 1, name: DEMO.workspace })).toBeVisible();
      await check(page, findings, "workspace");
      await page.goto(`/${resource.workspaceId}/audit-log`);
      await expect(page.getByRole("heading", { level: 1, name: DEMO.workspace })).toBeVisible();
      await check(page, findings, "audit log");
      await page.goto(`/${resource.workspaceId}`);
      await checkDialog(page, findings, "create project", () => page.getByRole("button", { name: "New project" }).first().click(), "Create a project");

      await page.goto(`/${resource.workspaceId}/${resource.projectId}`);
      await expect(page.getByRole("heading", { level: 1, name: DEMO.project })).toBeVisible();
      await check(page, findings, "project");
      const actions = projectAction(page);
      await checkDialog(page, findings, "rename project", () => actions("Rename"), "Rename project");
      await checkDialog(page, findings, "delete project", () => actions("Delete project"), /Delete/);
      await checkDialog(page, findings, "add resource", () => actions("New resource"), "Add a resource");
      // The switcher's menus, open.
      await page.getByRole("button", { name: /Switch project/ }).click();
      await expect(page.getByRole("menu")).toBeVisible();
      await check(page, findings, "project switcher open");
      await page.keyboard.press("Escape");
      await page.getByRole("button", { name: /Switch workspace/ }).click();
      await expect(page.getByRole("menu")).toBeVisible();
      await check(page, findings, "workspace switcher open");
      await page.keyboard.press("Escape");
      if (viewport.width < 640) {
        await page.getByRole("button", { name: "Project actions" }).click();
        await expect(page.getByRole("menu")).toBeVisible();
        await check(page, findings, "project actions menu open");
        await page.keyboard.press("Escape");
      }

      await page.goto("/no/such/page");
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
      await check(page, findings, "404 inside the Console");
      // A URL no route matches: the root 404, outside the Console layout.
      await page.goto("/a/b/c/d/e/f");
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
      await check(page, findings, "404 of an unknown path");
      expect(formatFindings(findings)).toBe("");
    });

    test("resource: API Keys with its dialogs, and Settings", async ({ page }) => {
      test.setTimeout(120_000);
      const findings: AxeFinding[] = [];
      const resource = await openDemoResource(page, "storefront-db");
      await check(page, findings, "API Keys");
      await checkDialog(page, findings, "create API key", () => page.getByRole("button", { name: "Create API Key" }).first().click(), "Create API Key");

      // The name field with its error showing.
      await page.getByRole("button", { name: "Create API Key" }).first().click();
      const createDialog = page.getByRole("dialog", { name: "Create API Key" });
      await createDialog.getByLabel("Name").fill("x".repeat(70));
      await createDialog.getByRole("button", { name: "Create", exact: true }).click();
      await expect(createDialog.getByText(/64/).first()).toBeVisible();
      await check(page, findings, "create API key with an error");
      await page.keyboard.press("Escape");

      const name = uniqueName("axe");
      const created = await createApiKey(page, name);
      await check(page, findings, "API key created");
      await created.getByRole("button", { name: "Reveal" }).click();
      await check(page, findings, "API key created, revealed");
      // The × goes through the guard too; "Go back" returns to the key.
      await created.getByRole("button", { name: "Close dialog", exact: true }).click();
      await expect(page.getByRole("alertdialog", { name: "You won't see this key again" })).toBeVisible();
      await check(page, findings, "uncopied-key guard from the ×");
      await page.getByRole("button", { name: "Go back" }).click();
      await created.getByRole("button", { name: "Done" }).click();
      const guard = page.getByRole("alertdialog", { name: "You won't see this key again" });
      await expect(guard).toBeVisible();
      await check(page, findings, "uncopied-key guard");
      await guard.getByRole("button", { name: "Close without copying" }).click();
      await expect(created).toBeHidden();
      await check(page, findings, "API Keys with a new key (highlighted)");
      if (viewport.width >= 640) {
        await page.getByRole("columnheader", { name: "Name", exact: true }).getByRole("button").click();
        await expect(page.getByRole("columnheader", { name: "Name", exact: true })).toHaveAttribute("aria-sort", "ascending");
        await check(page, findings, "API Keys sorted by name");
      }
      await checkDialog(page, findings, "delete API key", () => page.getByRole("button", { name: `Delete ${name}` }).first().click(), "Delete API key?");

      await page.goto(`${resource.url.replace(/\/api-keys$/, "")}/settings`);
      await expect(page.getByRole("link", { name: "Settings", exact: true })).toBeVisible();
      await expect(page.getByRole("heading", { name: /Database connection/ })).toBeVisible();
      await check(page, findings, "resource settings");
      await checkDialog(page, findings, "replace connection", () => page.getByRole("button", { name: "Replace" }).click(), /connection/i);
      await checkDialog(page, findings, "remove connection", () => page.getByRole("button", { name: "Remove" }).click(), "Remove the database connection?");

      // The Queries tab (Query Insights), as it first shows (e2e/query-insights.spec.ts checks it with traffic).
      await page.goto(`${resource.url.replace(/\/api-keys$/, "")}/queries`);
      await expect(page.getByRole("heading", { name: "Query Insights" })).toBeVisible();
      await check(page, findings, "resource queries");
      expect(formatFindings(findings)).toBe("");
    });

    test("workspace settings, account and tokens with their dialogs", async ({ page }) => {
      test.setTimeout(120_000);
      const findings: AxeFinding[] = [];
      const resource = await openDemoResource(page, "Production");
      await page.goto(`/${resource.workspaceId}/settings`);
      await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();
      await check(page, findings, "workspace settings");
      await checkDialog(page, findings, "rename workspace", () => page.getByRole("button", { name: "Rename" }).click(), "Rename workspace");
      await checkDialog(page, findings, "leave workspace", () => page.getByRole("button", { name: "Leave workspace" }).click(), /Leave/);
      await page.getByRole("button", { name: "Invite member" }).click();
      const invite = page.getByRole("dialog", { name: "Invite a member" });
      await check(page, findings, "invite member");
      await invite.getByLabel("Email").fill(`${uniqueName("axe")}@example.test`);
      await invite.getByRole("button", { name: /invitation/ }).click();
      await expect(page.getByRole("dialog", { name: "Invitation link created" })).toBeVisible();
      await check(page, findings, "invitation link created");
      await page.keyboard.press("Escape");
      const linkGuard = page.getByRole("alertdialog", { name: "You won't see this link again" });
      await check(page, findings, "uncopied-link guard");
      await linkGuard.getByRole("button", { name: "Close without copying" }).click();
      await expect(linkGuard).toBeHidden();
      await checkTokenDialogs(page, findings, "service token");

      await page.goto("/account");
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await check(page, findings, "account");
      await checkDialog(page, findings, "sign out everywhere", () => page.getByRole("button", { name: "Sign out of all sessions" }).click(), "Sign out of all sessions?");

      await page.goto("/account/tokens");
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await check(page, findings, "tokens");
      await checkTokenDialogs(page, findings, "access token");
      expect(formatFindings(findings)).toBe("");
    });
  });
}

/** The project page's actions: buttons on desktop; on phones New resource stays a button, the others are in a menu. */
function projectAction(page: Page) {
  return async (label: string) => {
    const menu = page.getByRole("button", { name: "Project actions" });
    if (label !== "New resource" && (await menu.isVisible())) {
      await menu.click();
      await page.getByRole("menuitem", { name: label }).click();
    } else {
      await page.getByRole("button", { name: label, exact: true }).click();
    }
  };
}

async function checkTokenDialogs(page: Page, findings: AxeFinding[], noun: string) {
  await page.getByRole("button", { name: `Create ${noun}` }).click();
  const create = page.getByRole("dialog", { name: `Create ${noun}` });
  await check(page, findings, `create ${noun}`);
  const name = uniqueName("axe-token");
  await create.getByLabel("Name").fill(name);
  await create.getByRole("button", { name: "Create", exact: true }).click();
  const created = page.getByRole("dialog", { name: `${noun} created` });
  await expect(created).toBeVisible();
  await check(page, findings, `${noun} created`);
  await created.getByRole("button", { name: "Reveal" }).click();
  await check(page, findings, `${noun} created, revealed`);
  await created.getByRole("button", { name: "Close dialog", exact: true }).click();
  await expect(page.getByRole("alertdialog", { name: "You won't see this token again" })).toBeVisible();
  await check(page, findings, `uncopied ${noun} guard`);
  await page.getByRole("button", { name: "Go back" }).click();
  await created.getByRole("button", { name: "Copy token" }).click();
  await expect(created.getByRole("button", { name: "Copy token" })).toHaveText("Copied");
  await check(page, findings, `${noun} created, copied`);
  await created.getByRole("button", { name: "Done" }).click();
  await expect(created).toBeHidden();
  await checkDialog(page, findings, `delete ${noun}`, () => page.getByRole("button", { name: `Delete ${name}` }).click(), "Delete token?");
}
