import { expect, test } from "@playwright/test";
import { DEMO, signIn, signUp, uniqueName } from "./support";

// These start signed out.
test.use({ storageState: { cookies: [], origins: [] } });

test.describe("signing in and signing up", () => {
  test("a signed-out visitor is sent to the login page", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  });

  test("a wrong password is refused with a message", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(DEMO.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "The email or password is incorrect." })).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
  });

  test("repeated wrong passwords for one email are slowed down", async ({ page }) => {
    const email = `${uniqueName("guess")}@example.test`;
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    const password = page.getByLabel("Password");
    const alert = page.getByRole("alert").filter({ hasText: /incorrect|Too many/ });
    for (let attempt = 1; attempt <= 10; attempt++) {
      await password.fill(`wrong-password-${attempt}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(alert).toHaveText("The email or password is incorrect.");
      await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
    }
    await password.fill("wrong-password-11");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(alert).toHaveText(/^Too many failed attempts\. Try again in \d+ minutes?\.$/);
  });

  test("the demo user signs in and lands in their only workspace", async ({ page }) => {
    await signIn(page);
    await expect(page.getByRole("heading", { name: DEMO.workspace })).toBeVisible();
    await expect(page.getByRole("link", { name: new RegExp(DEMO.project) })).toBeVisible();
  });

  test("a new user signs up and gets a workspace of their own", async ({ page }) => {
    const name = uniqueName("Ada");
    const user = await signUp(page, name);
    expect(page.url()).toMatch(new RegExp(`/${user.workspaceId}$`));
    await expect(page.getByText("No projects yet")).toBeVisible();

    // The session persists: "/" goes to the same, only workspace.
    await page.goto("/");
    await expect(page).toHaveURL(new RegExp(`/${user.workspaceId}$`));
  });
});
