import { spawn } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createApiKey, keyRow, openDemoResource, revealKey, uniqueName } from "./support";

// The demo flow, as the README tells it: create a key for storefront-db in the Console, copy the
// Accelerate snippet, and run examples/accelerate with it in the README's two commands (the snippet
// pasted after `export`, then `npm run example:accelerate`): a real Prisma Client 7 prints the
// embedded demo database's rows through the Console's gateway (GATEWAY_PORT, e2e/serve.mjs). Delete
// the key in the Console, and the same commands fail with P6002 and exit non-zero.

const GATEWAY_PORT = process.env.E2E_GATEWAY_PORT || "3211";
const root = path.resolve(import.meta.dirname, "..");

/** The README's two commands, in a shell at the repository's root. */
function runExampleWith(snippet: string): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("bash", ["-c", `export ${snippet}\nnpm run --silent example:accelerate`], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (status) => resolve({ status, output }));
  });
}

test("create a key, copy the snippet, run examples/accelerate: rows; delete the key: P6002", async ({ page }) => {
  test.setTimeout(90_000); // the first query opens and seeds the embedded demo database
  await openDemoResource(page, "storefront-db");
  const name = uniqueName("example");
  const created = await createApiKey(page, name);
  const plaintext = await revealKey(created);
  await created.getByRole("button", { name: "Copy Accelerate snippet" }).click();
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  expect(snippet).toBe(`DATABASE_URL="prisma+postgres://localhost:${GATEWAY_PORT}/?api_key=${plaintext}"`);
  await created.getByRole("button", { name: "Done" }).click();

  const served = await runExampleWith(snippet);
  expect(served.status, served.output).toBe(0);
  expect(served.output).toContain("Products (8):");
  expect(served.output).toMatch(/MUG-001 +Stoneware mug +\$14\.00 +stock +120 +orders: SO-1001 Ada Lovelace ×2/);
  expect(served.output).toContain("Customers: 4, orders: 5");
  expect(served.output).toMatch(/Placed order EX-\w+ for Ada Lovelace: 1 × Sticker pack \(stock now 499\), in one interactive transaction\./);

  await keyRow(page, name).getByRole("button", { name: `Delete ${name}` }).click();
  await page.getByRole("alertdialog", { name: "Delete API key?" }).getByRole("button", { name: "Delete key" }).click();
  await expect(keyRow(page, name)).toHaveCount(0);

  const refused = await runExampleWith(snippet);
  expect(refused.status, refused.output).toBe(1);
  expect(refused.output).toContain("The gateway refused the API key (P6002): The provided API Key is invalid. Reason: unknown or deleted key.");
  expect(refused.output).toContain("create a key for storefront-db in the Console and copy its snippet again");
  expect(refused.output).not.toContain(plaintext);
  expect(refused.output).not.toContain("Products (");
});
