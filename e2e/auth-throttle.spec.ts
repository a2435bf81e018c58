import { expect, test, type APIRequestContext } from "@playwright/test";
import { signUp, uniqueName } from "./support";

// The sign-in throttle holds on next-auth's own route too (issue 8, item 1): a script that skips
// the login form (GET /api/auth/csrf, then POST /api/auth/callback/credentials) gets ten guesses,
// and then even the right password is refused, without a session.

test.use({ storageState: { cookies: [], origins: [] } });

/** One sign-in through next-auth's own route; returns where it redirected and whether a session cookie came back. */
async function postCredentials(request: APIRequestContext, email: string, password: string) {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { email, password, csrfToken, callbackUrl: "/" },
    maxRedirects: 0,
  });
  const setCookie = response.headersArray().filter((header) => header.name.toLowerCase() === "set-cookie");
  return {
    status: response.status(),
    location: response.headers()["location"] ?? "",
    session: setCookie.some((header) => /authjs\.session-token=[^;]+/.test(header.value)),
  };
}

test("next-auth's own credentials route signs in with the right password", async ({ page, playwright, baseURL }) => {
  const user = await signUp(page, uniqueName("Route"));
  const request = await playwright.request.newContext({ baseURL });
  const result = await postCredentials(request, user.email, user.password);
  expect(result).toMatchObject({ status: 302, session: true });
  expect(new URL(result.location).pathname).toBe("/");
  await request.dispose();
});

test("next-auth's own credentials route: after 10 wrong guesses the right password is refused", async ({ page, playwright, baseURL }) => {
  const user = await signUp(page, uniqueName("Guessed"));
  const request = await playwright.request.newContext({ baseURL });
  for (let attempt = 1; attempt <= 11; attempt++) {
    const result = await postCredentials(request, user.email, `wrong-password-${attempt}`);
    expect(result.status).toBe(302);
    expect(result.session).toBe(false);
    const code = new URL(result.location).searchParams.get("code");
    // The first ten are checked (and wrong); the eleventh is refused unchecked.
    expect(code).toBe(attempt <= 10 ? "credentials" : "too-many-attempts");
  }
  const right = await postCredentials(request, user.email, user.password);
  expect(right.session).toBe(false);
  expect(new URL(right.location).pathname).toBe("/login");
  expect(new URL(right.location).searchParams.get("code")).toBe("too-many-attempts");
  const session = await request.get("/api/auth/session");
  expect(await session.json()).toBeNull();
  await request.dispose();

  // The login form shares the same counters: it refuses this email from this address too.
  await page.context().clearCookies();
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const alert = page.getByRole("alert").filter({ hasText: /./ });
  await expect(alert).toHaveText(/^Too many failed attempts\. Try again in \d+ minutes?\.$/);
  await expect(page).toHaveURL(/\/login/);

  // And the page next-auth's route redirects to says so, from the code alone.
  await page.goto(right.location);
  await expect(alert).toHaveText("Too many failed attempts. Try again in a few minutes.");
});
