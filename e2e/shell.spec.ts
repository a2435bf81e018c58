import { expect, test, type Page } from "@playwright/test";
import { DEMO, openDemoResource, shot, uniqueName } from "./support";

// The navigation shell (issue 12, item 8): a workspace and project switcher on every workspace page,
// long names that wrap or clip instead of pushing the page sideways, and on phones the project
// page's Rename/Delete in a menu with the destructive action last.

/** A 64-character name without a space, unique to this run: the worst case for a layout. */
function longName(prefix: string): string {
  const unique = uniqueName(prefix);
  return (unique + "-" + "x".repeat(64)).slice(0, 64);
}

async function createProject(page: Page, workspaceId: string, name: string): Promise<string> {
  await page.goto(`/${workspaceId}`);
  await page.getByRole("button", { name: "New project" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create a project" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return new URL(page.url()).pathname.split("/")[2]!;
}

async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("the switcher jumps between projects and workspaces from a resource page", async ({ page }) => {
  const demo = await openDemoResource(page, "Production");
  const otherName = uniqueName("switch-to");
  const otherId = await createProject(page, demo.workspaceId, otherName);

  await page.goto(demo.url);
  const nav = page.getByRole("navigation", { name: "Workspace and project" });
  await expect(nav.getByRole("button", { name: `Workspace: ${DEMO.workspace}. Switch workspace` })).toBeVisible();
  await nav.getByRole("button", { name: `Project: ${DEMO.project}. Switch project` }).click();
  const menu = page.getByRole("menu");
  // The current project is marked, the other is one click away.
  await expect(menu.getByRole("menuitem", { name: DEMO.project })).toHaveAttribute("aria-current", "page");
  await menu.getByRole("menuitem", { name: otherName }).click();
  await expect(page).toHaveURL(new RegExp(`/${demo.workspaceId}/${otherId}$`));
  await expect(page.getByRole("heading", { level: 1, name: otherName })).toBeVisible();
  await expect(nav.getByRole("button", { name: `Project: ${otherName}. Switch project` })).toBeVisible();

  // Keyboard: Enter opens the workspace menu, arrows move, Enter follows "All workspaces".
  await nav.getByRole("button", { name: /Switch workspace/ }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem", { name: DEMO.workspace })).toHaveAttribute("aria-current", "page");
  await page.getByRole("menuitem", { name: "All workspaces" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();
});

test("long names wrap in headings and clip in breadcrumbs and the switcher, with no sideways scroll", async ({ page }) => {
  const demo = await openDemoResource(page, "Production");
  const name = longName("long");
  const projectId = await createProject(page, demo.workspaceId, name);
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(viewport);
    await page.goto(`/${demo.workspaceId}/${projectId}`);
    const heading = page.getByRole("heading", { level: 1, name });
    // The whole name is on screen: the heading is not clipped (its box holds its text).
    expect(await heading.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    await expect(page.getByRole("navigation", { name: "Breadcrumb" }).getByText(name)).toHaveAttribute("title", name);
    await expectNoSidewaysScroll(page);
    await shot(page, `shell-long-project-${viewport.width}`);
  }
});

test("phone: the project page's Rename and Delete are in a menu, Delete last; desktop keeps buttons, Delete last", async ({ page }) => {
  const demo = await openDemoResource(page, "Production");
  const name = uniqueName("menu");
  const projectId = await createProject(page, demo.workspaceId, name);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/${demo.workspaceId}/${projectId}`);
  await expect(page.getByRole("button", { name: "New resource" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete project" })).toBeHidden();
  const trigger = page.getByRole("button", { name: "Project actions" });
  await shot(page, "shell-project-390");
  await trigger.click();
  const items = page.getByRole("menu").getByRole("menuitem");
  await expect(items).toHaveText(["Rename", "Delete project"]);
  await shot(page, "shell-project-menu-390");
  await items.filter({ hasText: "Rename" }).click();
  const rename = page.getByRole("dialog", { name: "Rename project" });
  await expect(rename).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(rename).toBeHidden();
  // Focus goes back to the menu's trigger, and the page still takes clicks (no stuck pointer-events).
  await expect(trigger).toBeFocused();
  await trigger.click();
  await page.getByRole("menuitem", { name: "Delete project" }).click();
  const confirm = page.getByRole("alertdialog", { name: `Delete project “${name}”?` });
  await confirm.getByRole("textbox").fill(name);
  await confirm.getByRole("button", { name: "Delete project" }).click();
  await expect(page).toHaveURL(new RegExp(`/${demo.workspaceId}$`));
  await expect(page.getByText(`Deleted the project “${name}” and its API keys.`)).toBeVisible();

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/${demo.workspaceId}/${demo.projectId}`);
  await expect(page.getByRole("button", { name: "Project actions" })).toBeHidden();
  const labels = await page.locator("main").getByRole("button").allInnerTexts();
  const actions = labels.filter((label) => ["New resource", "Rename", "Delete project"].includes(label.trim()));
  expect(actions.map((label) => label.trim())).toEqual(["New resource", "Rename", "Delete project"]);
  await shot(page, "shell-project-1280");
});
