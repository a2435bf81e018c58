import { expect, test } from "@playwright/test";
import { PrismaClient } from "../lib/generated/prisma/client";
import { createApiKey, keyRow, openDemoResource, revealKey, uniqueName } from "./support";

// The Accelerate snippet, used the way a developer uses it: a real Prisma Client given the copied
// DATABASE_URL talks to the Console's key gateway (GATEWAY_PORT, e2e/serve.mjs). A valid key gets
// past GET /connection-info to the query, which this gateway does not run yet (P6000); once the key
// is deleted in the Console, the client gets P6002, the anchor's "The provided API Key is invalid".

const GATEWAY_PORT = process.env.E2E_GATEWAY_PORT || "3211";

async function prismaClientError(databaseUrl: string): Promise<{ code?: string; message: string }> {
  const prisma = new PrismaClient({ accelerateUrl: databaseUrl });
  try {
    await prisma.user.count();
    return { message: "the query succeeded" };
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return { code, message };
  } finally {
    await prisma.$disconnect();
  }
}

test("a Prisma Client given the copied Accelerate snippet is let in, and refused with P6002 after Delete", async ({ page }) => {
  await openDemoResource(page, "storefront-db");
  const name = uniqueName("prisma-client");
  const created = await createApiKey(page, name);
  const plaintext = await revealKey(created);
  await created.getByRole("button", { name: "Copy Accelerate snippet" }).click();
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  const databaseUrl = /^DATABASE_URL="(.+)"$/.exec(snippet)?.[1] ?? "";
  expect(databaseUrl).toBe(`prisma+postgres://localhost:${GATEWAY_PORT}/?api_key=${plaintext}`);
  await created.getByRole("button", { name: "Done" }).click();

  const accepted = await prismaClientError(databaseUrl);
  expect(accepted.code).toBe("P6000");
  expect(accepted.message).toContain("does not run queries yet");

  await keyRow(page, name).getByRole("button", { name: `Delete ${name}` }).click();
  await page.getByRole("alertdialog", { name: "Delete API key?" }).getByRole("button", { name: "Delete key" }).click();
  await expect(keyRow(page, name)).toHaveCount(0);

  const refused = await prismaClientError(databaseUrl);
  expect(refused.code).toBe("P6002");
  expect(refused.message).toContain("The provided API Key is invalid. Reason: unknown or deleted key.");
  expect(refused.message).not.toContain(plaintext);
});
