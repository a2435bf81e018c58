import { expect, test } from "@playwright/test";
import { createApiKey, DEMO, NOT_FOUND_TEXT, openDemoResource, revealKey, signUp, uniqueName, verifyKey } from "./support";

// Every object type of one workspace is "not found" for a user of another workspace.
test("another user cannot see or reach the demo workspace, project, resource or keys", async ({ page, browser, request }, testInfo) => {
  // As the demo user: find the resource's URL and make a key the stranger must not see.
  const demo = await openDemoResource(page, "Production");
  const keyName = uniqueName("secret-of-acme");
  const created = await createApiKey(page, keyName);
  const plaintext = await revealKey(created);
  await created.getByRole("button", { name: "Copy API key" }).click();
  await created.getByRole("button", { name: "Done" }).click();

  const stranger = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    storageState: { cookies: [], origins: [] },
  });
  const other = await stranger.newPage();
  await signUp(other, uniqueName("Mallory"));

  // The workspace list does not include Acme.
  await other.goto("/?all=1");
  await expect(other.getByRole("heading", { name: "Workspaces" })).toBeVisible();
  await expect(other.getByRole("link", { name: new RegExp(DEMO.workspace) })).toHaveCount(0);

  const paths = [
    `/${demo.workspaceId}`,
    `/${demo.workspaceId}/settings`,
    `/${demo.workspaceId}/${demo.projectId}`,
    `/${demo.workspaceId}/${demo.projectId}/${demo.resourceId}/api-keys`,
    `/${demo.workspaceId}/${demo.projectId}/${demo.resourceId}/settings`,
  ];
  for (const path of paths) {
    const response = await other.goto(path);
    // Exactly what a missing object gets: the 404 page with a 404 status.
    expect(response?.status(), path).toBe(404);
    await expect(other.getByText(NOT_FOUND_TEXT)).toBeVisible();
    const html = await other.content();
    for (const secret of [keyName, DEMO.project, DEMO.workspace, "Demo User"]) {
      expect(html, `${path} leaks ${secret}`).not.toContain(secret);
    }
  }
  await other.screenshot({ path: "test-results/screens/cross-tenant-404.png" });
  await stranger.close();

  // The demo key is unaffected.
  expect((await verifyKey(request, plaintext)).status).toBe(200);
});
