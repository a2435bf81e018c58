// Shared e2e helpers: the demo account, factories that build uniquely named data through the UI,
// and the small assertions several specs repeat.
import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";

export const DEMO = { email: "demo@example.com", password: "platform-demo", workspace: "Acme", project: "Storefront" };
export const DEMO_STORAGE_STATE = "e2e/.auth/demo.json";
export const KEY_PATTERN = /^pcsk_[0-9A-Za-z]{38}$/;
export const NOT_FOUND_TEXT = "This page could not be found";

/** A name no other test (or earlier run against a reused server) has used. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** The date as the Console renders it (lib/format.ts: en-US, UTC). */
export function todayAsShown(): string {
  return new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(
    new Date(),
  );
}

export async function signIn(page: Page, email = DEMO.email, password = DEMO.password) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** Signs up a new user through /signup and waits for their own workspace page. */
export async function signUp(page: Page, name = uniqueName("user")) {
  const email = `${name.toLowerCase()}@example.test`;
  const password = "correct-horse-battery";
  await page.goto("/signup");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: `${name}'s workspace` })).toBeVisible();
  const workspaceId = new URL(page.url()).pathname.split("/")[1]!;
  return { name, email, password, workspaceId };
}

/** Workspace → project → resource → API Keys tab, by clicking, as the seed's flow describes. */
export async function openDemoResource(page: Page, resource: "Production" | "storefront-db" = "Production") {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: DEMO.workspace })).toBeVisible();
  await page.getByRole("link", { name: new RegExp(DEMO.project) }).click();
  await expect(page.getByRole("heading", { name: DEMO.project })).toBeVisible();
  await page.getByRole("link", { name: new RegExp(resource) }).click();
  await page.getByRole("link", { name: "API Keys" }).click();
  await expect(page).toHaveURL(/\/[^/]+\/[^/]+\/[^/]+\/api-keys$/);
  await expect(page.getByRole("heading", { name: "API Keys" })).toBeVisible();
  const [, workspaceId, projectId, resourceId] = new URL(page.url()).pathname.split("/");
  return { workspaceId: workspaceId!, projectId: projectId!, resourceId: resourceId!, url: page.url() };
}

export function createDialog(page: Page): Locator {
  return page.getByRole("dialog", { name: "Create API Key" });
}

export function createdDialog(page: Page): Locator {
  return page.getByRole("dialog", { name: "API key created" });
}

/** Opens Create API Key, submits `name`, and returns the "API key created" dialog. */
export async function createApiKey(page: Page, name: string): Promise<Locator> {
  await page.getByRole("button", { name: "Create API Key" }).first().click();
  const dialog = createDialog(page);
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  const created = createdDialog(page);
  await expect(created).toBeVisible();
  return created;
}

/** Reveals the key in the open "API key created" dialog and returns the plaintext. */
export async function revealKey(created: Locator): Promise<string> {
  await created.getByRole("button", { name: "Reveal" }).click();
  const shown = created.getByTestId("new-api-key");
  await expect(shown).toHaveText(KEY_PATTERN);
  return (await shown.textContent())!.trim();
}

export const TOKEN_PATTERN = /^pc(pat|wst)_[0-9A-Za-z]{38}$/;

/** Reveals the token in the open show-once dialog (masked until then, like a key) and returns it. */
export async function revealToken(page: Page): Promise<string> {
  const dialog = page.getByTestId("show-once-dialog");
  const shown = dialog.getByTestId("new-access-token");
  await expect(shown).toHaveText(/^pc(pat|wst)_•{24}[0-9A-Za-z]{4}$/);
  await dialog.getByRole("button", { name: "Reveal" }).click();
  await expect(shown).toHaveText(TOKEN_PATTERN);
  return (await shown.textContent())!.trim();
}

export function keyRow(page: Page, name: string): Locator {
  return page.getByTestId("api-key-row").filter({ hasText: name });
}

export async function verifyKey(request: APIRequestContext, key: string) {
  const response = await request.post("/api/v1/keys/verify", { data: { key } });
  return { status: response.status(), body: (await response.json()) as Record<string, unknown> };
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screens/${name}.png` });
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/**
 * A screenshot at 1280 and 390 px (`target` scrolled into view first: the page scrolls on a phone),
 * and at each size nothing wider than the screen: neither the page nor an open dialog scrolls sideways.
 */
export async function shotsAtBothSizes(page: Page, name: string, target?: Locator) {
  for (const [size, viewport] of [["1280", DESKTOP], ["390", PHONE]] as const) {
    await page.setViewportSize(viewport);
    if (target) await target.scrollIntoViewIfNeeded();
    await shot(page, `${name}-${size}`);
    const overflow = await page.evaluate(() => {
      const dialogs = [...document.querySelectorAll<HTMLElement>("[role=dialog], [role=alertdialog]")];
      return {
        page: document.documentElement.scrollWidth > window.innerWidth,
        dialogs: dialogs.filter((dialog) => dialog.scrollWidth > dialog.clientWidth || dialog.getBoundingClientRect().right > window.innerWidth).length,
      };
    });
    expect(overflow, `${name} at ${size} px`).toEqual({ page: false, dialogs: 0 });
  }
  await page.setViewportSize(DESKTOP);
}
