import { expect, test, type Browser, type Page, type Request } from "@playwright/test";
import { shot, signIn, signUp, uniqueName } from "./support";

// Sessions end (issue 8, item 7): after sign-out a copy of the session cookie is worthless, a
// password change signs out the other browsers, and "Sign out of all sessions" signs out all.

test.use({ storageState: { cookies: [], origins: [] } });

async function browserWithCookies(browser: Browser, page: Page) {
  const context = await browser.newContext({ storageState: { cookies: await page.context().cookies(), origins: [] } });
  return { context, page: await context.newPage() };
}

/** Creates an access token through the Access tokens page and returns the server action request it sent. */
async function createTokenRecordingRequest(page: Page): Promise<Request> {
  await page.goto("/account/tokens");
  await page.getByRole("button", { name: "Create access token" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill(uniqueName("before-sign-out"));
  const sent = page.waitForRequest((request) => request.method() === "POST" && !!request.headers()["next-action"]);
  await page.getByRole("dialog").getByRole("button", { name: "Create", exact: true }).click();
  const request = await sent;
  await expect(page.getByTestId("new-access-token")).toHaveText(/^pcpat_•+/);
  await page.getByRole("button", { name: "Copy token" }).click();
  await page.getByRole("button", { name: "Done" }).click();
  return request;
}

test("after sign-out, a copied session cookie is sent to /login and cannot create a token", async ({ page, browser, playwright, baseURL }) => {
  await signUp(page, uniqueName("Copied"));
  const recorded = await createTokenRecordingRequest(page);
  const cookieHeader = (await page.context().cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
  const copy = await browserWithCookies(browser, page);

  // The server action replayed with the cookie mints a token while the session is alive…
  const api = await playwright.request.newContext({ baseURL });
  const headers = Object.fromEntries(
    Object.entries(await recorded.allHeaders()).filter(([name]) => !["host", "content-length", "connection", "cookie"].includes(name)),
  );
  const replay = () =>
    api.post(recorded.url(), {
      headers: { ...headers, cookie: cookieHeader },
      data: recorded.postData() ?? "",
      maxRedirects: 0,
    });
  expect(await (await replay()).text()).toMatch(/pcpat_[0-9A-Za-z]{38}/);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);

  // …and not once the session was signed out, though the cookie itself has not changed.
  const after = await (await replay()).text();
  expect(after).not.toMatch(/pcpat_/);
  expect(after).toContain("Your session has ended. Sign in again.");
  await copy.page.goto("/account/tokens");
  await expect(copy.page).toHaveURL(/\/login\?next=%2Faccount%2Ftokens$/);
  await copy.page.goto("/");
  await expect(copy.page).toHaveURL(/\/login$/);
  await api.dispose();
  await copy.context.close();
});

test("next-auth's own sign-out route ends the session too", async ({ page, browser }) => {
  await signUp(page, uniqueName("RouteOut"));
  const copy = await browserWithCookies(browser, page);
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await page.request.post("/api/auth/signout", { form: { csrfToken, callbackUrl: "/login" }, maxRedirects: 0 });
  expect(response.status()).toBe(302);
  await copy.page.goto("/");
  await expect(copy.page).toHaveURL(/\/login$/);
  await copy.context.close();
});

test("a password change signs out the other browsers; sign out of all sessions signs out this one", async ({ page, browser }) => {
  const user = await signUp(page, uniqueName("Rotated"));
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, user.email, user.password);

  await page.getByRole("link", { name: "Account" }).click();
  await expect(page.getByRole("heading", { name: user.name })).toBeVisible();
  await expect(page.getByTestId("session-row")).toHaveCount(2);
  await expect(page.getByTestId("session-row").filter({ hasText: "This browser" })).toHaveCount(1);
  await page.setViewportSize({ width: 1280, height: 800 });
  await shot(page, "account-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "account-390");
  await page.setViewportSize({ width: 1280, height: 800 });

  // A wrong current password is refused beside its field.
  await page.getByLabel("Current password").fill("not the password");
  await page.getByLabel("New password").fill("a brand new passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("The current password is incorrect.")).toBeVisible();

  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password").fill("a brand new passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toHaveText("Password changed. 1 other session was signed out.");
  await expect(page.getByTestId("session-row")).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Change password" })).toBeEnabled();
  await shot(page, "account-password-changed");

  await otherPage.goto("/");
  await expect(otherPage).toHaveURL(/\/login$/);
  await page.goto("/");
  await expect(page).not.toHaveURL(/\/login/);

  // The other browser signs in with the new password, then this one signs out of everything.
  await signIn(otherPage, user.email, "a brand new passphrase");
  await page.goto("/account");
  await page.getByRole("button", { name: "Sign out of all sessions" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Sign out of all sessions?" });
  await shot(page, "account-sign-out-all");
  await dialog.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/login$/);
  for (const signedOut of [page, otherPage]) {
    await signedOut.goto("/account");
    await expect(signedOut).toHaveURL(/\/login\?next=%2Faccount$/);
  }
  await other.close();
});
