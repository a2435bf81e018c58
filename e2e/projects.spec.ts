import { expect, test } from "@playwright/test";
import { createApiKey, DEMO, revealKey, shot, uniqueName, verifyKey } from "./support";

test.describe("projects and resources", () => {
  test("create a project, then a database resource in it, through the UI", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { name: DEMO.workspace })).toBeVisible();
    const workspaceId = new URL(page.url()).pathname.split("/")[1];

    const projectName = uniqueName("checkout");
    await page.getByRole("button", { name: "New project" }).first().click();
    const projectDialog = page.getByRole("dialog");
    await projectDialog.getByLabel("Name").fill(projectName);
    await shot(page, "new-project-dialog");
    await projectDialog.getByRole("button", { name: "Create project" }).click();

    // The new project opens, with its default "Production" environment.
    await expect(page.getByRole("heading", { name: projectName })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/${workspaceId}/[^/]+$`));
    await expect(page.getByRole("link", { name: /Production/ })).toBeVisible();

    const resourceName = uniqueName("orders-db");
    await page.getByRole("button", { name: "New resource" }).click();
    const resourceDialog = page.getByRole("dialog");
    await resourceDialog.getByLabel("Name").fill(resourceName);
    await resourceDialog.getByRole("radio", { name: "Database" }).check();
    await shot(page, "new-resource-dialog");
    await resourceDialog.getByRole("button", { name: "Add resource" }).click();

    // Adding a resource opens its API Keys tab.
    await expect(page).toHaveURL(/\/api-keys$/);
    await expect(page.getByRole("heading", { name: "API Keys" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Settings" })).toBeVisible();
    await expect(page.getByText("No API keys yet")).toBeVisible();

    // Back on the project, both resources are listed; the workspace lists the project.
    await page.goto(new URL(page.url()).pathname.split("/").slice(0, 3).join("/"));
    await expect(page.getByRole("link", { name: new RegExp(resourceName) })).toBeVisible();
    await expect(page.getByRole("link", { name: /Production/ })).toBeVisible();
    await page.goto(`/${workspaceId}`);
    await expect(page.getByRole("link", { name: new RegExp(projectName) })).toContainText("2 resources");
  });

  test("rename a project", async ({ page }) => {
    await page.goto("/");
    const projectName = uniqueName("rename-me");
    await page.getByRole("button", { name: "New project" }).first().click();
    await page.getByRole("dialog").getByLabel("Name").fill(projectName);
    await page.getByRole("dialog").getByRole("button", { name: "Create project" }).click();
    await expect(page.getByRole("heading", { name: projectName })).toBeVisible();

    const renamed = `${projectName}-renamed`;
    await page.getByRole("button", { name: "Rename", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill(renamed);
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("heading", { name: renamed })).toBeVisible();
  });

  test("delete a project only after typing its name; its keys stop verifying", async ({ page, request }) => {
    await page.goto("/");
    const workspaceId = new URL(page.url()).pathname.split("/")[1];
    const projectName = uniqueName("short-lived");
    await page.getByRole("button", { name: "New project" }).first().click();
    await page.getByRole("dialog").getByLabel("Name").fill(projectName);
    await page.getByRole("dialog").getByRole("button", { name: "Create project" }).click();
    await expect(page.getByRole("heading", { name: projectName })).toBeVisible();
    await page.getByRole("link", { name: /Production/ }).click();
    const created = await createApiKey(page, "doomed");
    const key = await revealKey(created);
    await created.getByRole("button", { name: "Copy API key" }).click();
    await created.getByRole("button", { name: "Done" }).click();
    expect((await verifyKey(request, key)).status).toBe(200);

    await page.getByRole("link", { name: projectName }).click();
    await page.getByRole("button", { name: "Delete project" }).click();
    const dialog = page.getByRole("alertdialog");
    const confirm = dialog.getByRole("button", { name: "Delete project" });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(/Type .* to confirm/).fill(`${projectName}x`);
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(/Type .* to confirm/).fill(projectName);
    await shot(page, "delete-project-dialog");
    await confirm.click();

    await expect(page).toHaveURL(new RegExp(`/${workspaceId}$`));
    await expect(page.getByRole("link", { name: new RegExp(projectName) })).toHaveCount(0);
    expect((await verifyKey(request, key)).status).toBe(401);
  });
});
