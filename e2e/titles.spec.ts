import { expect, test } from "@playwright/test";
import { DEMO, NOT_FOUND_TEXT, openDemoResource } from "./support";

// Tab titles name the page (issue 12, item 8): a user with ten tabs open can tell them apart.

test("tab titles name the workspace, project and resource the page shows; a missing one is 'Page not found'", async ({ page }) => {
  const resource = await openDemoResource(page, "storefront-db");
  await expect(page).toHaveTitle("storefront-db · API Keys · Platform Console");
  await page.goto(`/${resource.workspaceId}/${resource.projectId}`);
  await expect(page).toHaveTitle(`${DEMO.project} · Project · Platform Console`);
  await page.goto(`/${resource.workspaceId}`);
  await expect(page).toHaveTitle(`${DEMO.workspace} · Projects · Platform Console`);
  await page.goto(`/${resource.workspaceId}/${resource.projectId}/db_0000000000000000/api-keys`);
  await expect(page.getByText(NOT_FOUND_TEXT)).toBeVisible();
  await expect(page).toHaveTitle("Page not found · Platform Console");
});
