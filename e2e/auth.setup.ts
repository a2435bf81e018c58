import { expect, test as setup } from "@playwright/test";
import { DEMO, DEMO_STORAGE_STATE, signIn } from "./support";

// Signs in as the demo user once per Console of the run (playwright.config.ts); the specs start
// from this session (storageState): e2e/.auth/demo.json for the first, demo-b.json for the second.
setup("sign in as the demo user", async ({ page }, testInfo) => {
  await signIn(page);
  await expect(page.getByRole("heading", { name: DEMO.workspace })).toBeVisible();
  const path = testInfo.project.name === "setup-b" ? DEMO_STORAGE_STATE.replace(/\.json$/, "-b.json") : DEMO_STORAGE_STATE;
  await page.context().storageState({ path });
});
