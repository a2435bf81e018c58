import { expect, test as setup } from "@playwright/test";
import { DEMO, DEMO_STORAGE_STATE, signIn } from "./support";

// Signs in as the demo user once; the specs start from this session (storageState).
setup("sign in as the demo user", async ({ page }) => {
  await signIn(page);
  await expect(page.getByRole("heading", { name: DEMO.workspace })).toBeVisible();
  await page.context().storageState({ path: DEMO_STORAGE_STATE });
});
