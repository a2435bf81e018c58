// Builds what the key list specs need through the REST API, quickly: an access token made in the
// Console (shown once, revealed, read), a project of the demo workspace with an environment of its
// own, and as many keys as asked, created one after another (so their creation times differ).
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { revealToken, uniqueName } from "./support";

export type KeyFixture = { token: string; workspaceId: string; projectId: string; resourceId: string; url: string; headers: Record<string, string> };

export async function makeToken(page: Page): Promise<string> {
  await page.goto("/account/tokens");
  await page.getByRole("button", { name: "Create access token" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill(uniqueName("key-list"));
  await page.getByRole("dialog").getByRole("button", { name: "Create", exact: true }).click();
  const token = await revealToken(page);
  await page.getByTestId("show-once-dialog").getByRole("button", { name: "Copy token" }).click();
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("show-once-dialog")).toBeHidden();
  return token;
}

/** A fresh project and environment in the caller's first workspace (the demo's Acme). */
export async function makeResource(page: Page, request: APIRequestContext, projectName = uniqueName("keys")): Promise<KeyFixture> {
  const token = await makeToken(page);
  const headers = { authorization: `Bearer ${token}` };
  const workspaces = await request.get("/api/v1/workspaces", { headers });
  expect(workspaces.status()).toBe(200);
  const workspaceId = ((await workspaces.json()) as { data: { id: string }[] }).data[0]!.id;
  const project = await request.post(`/api/v1/workspaces/${workspaceId}/projects`, { headers, data: { name: projectName } });
  expect(project.status()).toBe(201);
  const projectId = ((await project.json()) as { data: { id: string } }).data.id;
  const environment = await request.post(`/api/v1/projects/${projectId}/environments`, { headers, data: { name: "staging" } });
  expect(environment.status()).toBe(201);
  const resourceId = ((await environment.json()) as { data: { id: string } }).data.id;
  return { token, workspaceId, projectId, resourceId, headers, url: `/${workspaceId}/${projectId}/${resourceId}/api-keys` };
}

/** Creates keys named `names`, in that order; returns their plaintexts by name. */
export async function makeKeys(request: APIRequestContext, fixture: KeyFixture, names: string[]): Promise<Record<string, string>> {
  const plaintexts: Record<string, string> = {};
  for (const name of names) {
    const response = await request.post(`/api/v1/environments/${fixture.resourceId}/api-keys`, { headers: fixture.headers, data: { name } });
    expect(response.status(), await response.text()).toBe(201);
    plaintexts[name] = ((await response.json()) as { data: { value: string } }).data.value;
  }
  return plaintexts;
}
