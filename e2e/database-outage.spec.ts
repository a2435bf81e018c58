import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { generateApiKey } from "../lib/keys/api-key";
import { personalTokens } from "../lib/keys/access-token";
import { createCluster, type Cluster } from "../tests/proofs/throwaway-cluster";
import { startConsole, type ConsoleProcess } from "./console-process";
import { DEMO, revealToken, shot } from "./support";

// Issue 13, items 2 and 3, on a real Console process (scripts/start.mjs, the e2e build) whose
// database is a throwaway PostgreSQL cluster of its own, stopped under it (pg_ctl -m immediate)
// and started again:
//  - the REST API answers 503 `service-unavailable` with Retry-After, never 500; pages show the
//    calm "The database is unavailable — retrying" page; actions say the service is unavailable;
//  - the log gets one line for the whole outage, not one per request, and one "back after" line;
//  - nothing is counted: a failed-token, failed-key or sign-in check that could not run leaves no
//    trace, so right after the restart the right password signs in at the first try;
//  - it recovers without a restart, within a few seconds, and the open page reloads by itself.

const REQUESTS = 30;
const UNAVAILABLE = "The service is unavailable right now. Try again in a moment.";
let cluster: Cluster;
let consoleProcess: ConsoleProcess;
let dataDir: string;

test.describe.configure({ mode: "serial", timeout: 240_000 });
test.use({ storageState: { cookies: [], origins: [] } });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  cluster = await createCluster({ schema: false });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-outage-"));
  consoleProcess = await startConsole({ DATABASE_URL: cluster.url, PLATFORM_DATA_DIR: dataDir, PLATFORM_DEMO: "1" });
});

test.afterAll(async () => {
  await consoleProcess?.stop();
  // For a failure's post-mortem: what the Console printed (no secrets are ever logged).
  if (consoleProcess) fs.writeFileSync(path.join("test-results", "database-outage-console.log"), consoleProcess.output());
  cluster?.destroy();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function signInAt(page: Page) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(DEMO.email);
  await page.getByLabel("Password").fill(DEMO.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function createToken(page: Page): Promise<string> {
  await page.goto("/account/tokens");
  await page.getByRole("button", { name: "Create access token" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("outage");
  await page.getByRole("dialog").getByRole("button", { name: "Create", exact: true }).click();
  const token = await revealToken(page);
  expect(token).toMatch(personalTokens.pattern);
  return token;
}

/** next-auth's own credentials route, as a script would use it: where it redirects to. */
async function postCredentials(request: APIRequestContext, password: string): Promise<string> {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { email: DEMO.email, password, csrfToken, callbackUrl: "/" },
    maxRedirects: 0,
  });
  return response.headers()["location"] ?? "";
}

test("a database outage: 503 with Retry-After, a calm page, one log line, nothing counted, recovery without a restart", async ({ browser, playwright }) => {
  const { origin } = consoleProcess;
  const context = await browser.newContext({ baseURL: origin, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  // Loaded before the outage, so that its dialog's action runs during it.
  const actionPage = await context.newPage();
  const api = await playwright.request.newContext({ baseURL: origin });
  const get = (token: string) => api.get("/api/v1/workspaces", { headers: { authorization: `Bearer ${token}` } });

  let token = "";
  await test.step("before: signed in, a token, the workspaces page", async () => {
    await signInAt(page);
    await expect(page).not.toHaveURL(/\/login/);
    token = await createToken(page);
    expect((await get(token)).status()).toBe(200);
    await page.goto("/?all=1");
    await expect(page.getByRole("button", { name: "New workspace" })).toBeVisible();
    await actionPage.goto("/?all=1");
    await expect(actionPage.getByRole("button", { name: "New workspace" })).toBeVisible();
  });

  cluster.stop("immediate");
  const logBefore = consoleProcess.output().length;
  const strangers = { token: personalTokens.generate().plaintext, key: generateApiKey().plaintext };

  await test.step(`the REST API: ${REQUESTS} requests, each 503 service-unavailable with Retry-After`, async () => {
    for (let i = 0; i < REQUESTS; i++) {
      const response = await get(token);
      expect(response.status()).toBe(503);
      expect(response.headers()["retry-after"]).toBe("5");
      const body = await response.json();
      expect(body.error).toMatchObject({ code: "service-unavailable", message: "The service is unavailable right now." });
      expect(JSON.stringify(body)).not.toMatch(/Prisma|ECONN|\bat \S+:\d+/);
    }
  });

  await test.step("checks that could not run count nothing: 25 unknown tokens and keys (more than either budget of 20)", async () => {
    for (let i = 0; i < 25; i++) {
      expect((await get(strangers.token)).status()).toBe(503);
      expect((await api.post("/api/v1/keys/verify", { data: { key: strangers.key } })).status()).toBe(503);
    }
    const signIn = await playwright.request.newContext({ baseURL: origin });
    for (let i = 0; i < 12; i++) expect(await postCredentials(signIn, i % 3 ? `wrong-${i}` : DEMO.password)).toContain("code=service-unavailable");
    await signIn.dispose();
  });

  await test.step("actions: the service is unavailable (a dialog's form, and the sign-in form)", async () => {
    await actionPage.getByRole("button", { name: "New workspace" }).click();
    const dialog = actionPage.getByRole("dialog");
    await dialog.getByLabel("Name").fill("During the outage");
    await dialog.getByRole("button", { name: "Create workspace" }).click();
    await expect(dialog.getByText(UNAVAILABLE)).toBeVisible();
    await shot(actionPage, "database-unavailable-action");

    const visitor = await browser.newContext({ baseURL: origin, storageState: { cookies: [], origins: [] } });
    const login = await visitor.newPage();
    await login.goto("/login");
    await login.getByLabel("Email").fill(DEMO.email);
    await login.getByLabel("Password").fill(DEMO.password);
    await login.getByRole("button", { name: "Sign in" }).click();
    await expect(login.getByRole("alert").filter({ hasText: UNAVAILABLE })).toBeVisible();
    await visitor.close();
  });

  await test.step("a page: the calm unavailable page, not a stack trace", async () => {
    const response = await page.goto("/?all=1");
    // Not Next.js's 500 for a failed render: unavailable, retry (scripts/server.mjs).
    expect(response?.status()).toBe(503);
    expect(response?.headers()["retry-after"]).toBe("5");
    await expect(page.getByRole("heading", { name: "The database is unavailable — retrying" })).toBeVisible();
    await expect(page.getByText("this page reloads by itself as soon as the database is back")).toBeVisible();
    await shot(page, "database-unavailable");
    // Another page of the same session (a visitor without one is sent to /login, which needs no database).
    const another = await context.newPage();
    await another.goto("/account");
    await expect(another.getByRole("heading", { name: "The database is unavailable — retrying" })).toBeVisible();
    await another.close();
  });

  const outageLog = consoleProcess.output().slice(logBefore).split("\n").filter((line) => line.trim() !== "");
  const consoleLines = outageLog.filter((line) => !line.startsWith("[gateway]"));
  const gatewayLines = outageLog.filter((line) => line.startsWith("[gateway]"));
  console.log(`[outage proof] ${JSON.stringify({ requestsAtLeast: REQUESTS + 25 * 2 + 12 + 4, consoleLines, gatewayLines })}`);
  expect(consoleLines).toHaveLength(1);
  expect(consoleLines[0]).toMatch(/^\[platform-console\] The database is unavailable \(.+\): answering "service unavailable" until it is back\.$/);
  // The in-process gateway says once that it lost its key-events connection (lib/gateway/listener.ts).
  expect(gatewayLines.length).toBeLessThanOrEqual(3);

  cluster.start();
  const restartedAt = Date.now();
  let recoveredAfterMs = 0;
  await test.step("recovery without a restart: 200 within a few seconds", async () => {
    await expect.poll(async () => (await get(token)).status(), { timeout: 10_000, intervals: [100] }).toBe(200);
    recoveredAfterMs = Date.now() - restartedAt;
    await expect
      .poll(() => consoleProcess.output().slice(logBefore).match(/The database is back after [\d.]+ s/g)?.length ?? 0, { timeout: 10_000 })
      .toBe(1);
    // Polled until the line came; then nothing more may follow it (no second outage, no flapping).
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(consoleProcess.output().slice(logBefore).match(/\[platform-console\]/g)).toHaveLength(2);
  });

  await test.step("nothing was counted: the right password signs in at once; the unknown token and key are plain 401s", async () => {
    const fresh = await playwright.request.newContext({ baseURL: origin });
    expect(new URL(await postCredentials(fresh, DEMO.password)).pathname).toBe("/");
    await fresh.dispose();
    expect((await get(strangers.token)).status()).toBe(401);
    expect((await api.post("/api/v1/keys/verify", { data: { key: strangers.key } })).status()).toBe(401);
  });

  await test.step("the open page reloads by itself", async () => {
    await expect(page.getByRole("button", { name: "New workspace" })).toBeVisible({ timeout: 15_000 });
  });
  console.log(`[outage proof] recovered ${recoveredAfterMs} ms after the restart (pg_ctl start -w returned)`);
  expect(recoveredAfterMs).toBeLessThan(5_000);
  await api.dispose();
  await context.close();
});
