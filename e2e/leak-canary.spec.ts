import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { bytesOf, DATA_DIR, filesContaining, filesUnder, payloadsOf, PGLITE_DIR, SERVER_LOG, trackVisits } from "./leak-search";
import { createApiKey, createdDialog, keyRow, openDemoResource, revealKey, revealToken, uniqueName, verifyKey } from "./support";

// The leak canary (issue 4, "Tests that produce figures and must hold"): create API keys and an
// access token through the UI, use them, delete some, and search for each plaintext everywhere it
// must not be: the HTML and RSC payloads of every page visited after each dialog's Done, the
// browser's storage, the server's log (e2e/serve.mjs tees it to e2e/.data/server.log) and the raw
// bytes of the embedded database's files (heap, indexes, WAL). 0 hits. Positive controls show that
// each search can find something: what IS stored (a key's name, its SHA-256 digest, its hint) is
// found by the same search in the same place.
type Secret = { label: string; plaintext: string; name: string; deleted?: boolean };

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

test("leak canary: no plaintext key or token in pages, RSC payloads, the server log or the database files", async ({ page }) => {
  test.setTimeout(120_000);
  expect(fs.existsSync(SERVER_LOG), `${SERVER_LOG} must exist: run the e2e server through e2e/serve.mjs`).toBe(true);

  const secrets: Secret[] = [];
  const visited = trackVisits(page);
  const figures = { payloads: 0, payloadBytes: 0, payloadHits: 0 };

  /** After a dialog's Done: every plaintext so far must be absent from every payload. */
  async function checkPayloads(moment: string) {
    const payloads = await payloadsOf(page, visited);
    const hits: string[] = [];
    for (const { where, text } of payloads) {
      figures.payloads++;
      figures.payloadBytes += text.length;
      for (const secret of secrets) {
        if (text.includes(secret.plaintext)) hits.push(`${secret.label} in ${where}`);
        // Halves too: a key split across markup (e.g. the masked/revealed spans) must not survive.
        const half = secret.plaintext.length >> 1;
        if (text.includes(secret.plaintext.slice(0, half + 2)) || text.includes(secret.plaintext.slice(half - 2))) {
          hits.push(`half of ${secret.label} in ${where}`);
        }
      }
    }
    figures.payloadHits += hits.length;
    expect(hits, `after ${moment}`).toEqual([]);
    return payloads;
  }

  // 1. API keys on the demo's Production environment, each revealed and copied, then Done.
  const resource = await openDemoResource(page, "Production");
  visited.add("/");
  for (let i = 1; i <= 3; i++) {
    const name = uniqueName(`canary-key-${i}`);
    const created = await createApiKey(page, name);
    const plaintext = await revealKey(created);
    await created.getByRole("button", { name: "Copy API key" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(plaintext);
    await created.getByRole("button", { name: "Done" }).click();
    await expect(createdDialog(page)).toBeHidden();
    secrets.push({ label: `API key ${i}`, plaintext, name });

    const payloads = await checkPayloads(`API key ${i}'s Done`);
    // Positive control: the hint (prefix, ellipsis, last four) is on the page, so the search
    // sees the list; its last four characters alone are not a hit, the whole key would be.
    const hint = `pcsk_…${plaintext.slice(-4)}`;
    await expect(keyRow(page, name)).toContainText(hint);
    expect(payloads.some(({ text }) => text.includes(hint)) || (await page.content()).includes(hint)).toBe(true);
  }

  // 2. Use the keys: each verifies for its resource.
  for (const secret of secrets) {
    const result = await verifyKey(page.request, secret.plaintext);
    expect(result, secret.label).toMatchObject({ status: 200, body: { valid: true, resourceId: resource.resourceId } });
  }

  // 3. Delete two of them in the UI; they stop verifying.
  for (const secret of secrets.slice(0, 2)) {
    await keyRow(page, secret.name).getByRole("button", { name: `Delete ${secret.name}` }).click();
    const confirm = page.getByRole("alertdialog", { name: "Delete API key?" });
    await confirm.getByRole("button", { name: "Delete key" }).click();
    await expect(confirm).toBeHidden();
    await expect(keyRow(page, secret.name)).toHaveCount(0);
    expect((await verifyKey(page.request, secret.plaintext)).status).toBe(401);
    secret.deleted = true;
  }
  await checkPayloads("deleting two keys");

  // 4. A personal access token on the Tokens page, used on GET /api/v1/me.
  await page.getByRole("link", { name: "Access tokens" }).click();
  await expect(page.getByRole("heading", { name: "Access tokens", exact: true })).toBeVisible();
  await expect(page).toHaveURL(/\/account\/tokens$/);
  const tokenName = uniqueName("canary-token");
  await page.getByRole("button", { name: "Create access token" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill(tokenName);
  await page.getByRole("dialog").getByRole("button", { name: "Create", exact: true }).click();
  const token = await revealToken(page);
  expect(token).toMatch(/^pcpat_/);
  await page.getByRole("button", { name: "Done" }).click();
  await page.getByRole("button", { name: "Close without copying" }).click();
  await expect(page.getByRole("dialog")).toBeHidden();
  secrets.push({ label: "access token", plaintext: token, name: tokenName });
  await expect(page.getByTestId("access-token-row").filter({ hasText: tokenName })).toContainText(`pcpat_…${token.slice(-4)}`);
  await checkPayloads("the access token's Done");

  const me = await page.request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect(await me.text()).not.toContain(token);

  // The workspace's audit log (page and REST list) records every key and the token by name, never
  // by value. Positive control: the names are there, so the search reads the entries.
  const auditPath = `/${resource.workspaceId}/audit-log`;
  await page.goto(auditPath);
  for (const secret of secrets) await expect(page.getByTestId("audit-entry").filter({ hasText: secret.name }).first()).toBeVisible();
  await checkPayloads("the audit log page");
  const audit = await page.request.get(`/api/v1/workspaces/${resource.workspaceId}/audit-log?limit=1000`, { headers: { authorization: `Bearer ${token}` } });
  expect(audit.status()).toBe(200);
  const auditText = await audit.text();
  for (const secret of secrets) {
    expect(auditText, `positive control: ${secret.label}'s name is in the REST audit log`).toContain(secret.name);
    expect(auditText, `${secret.label} in the REST audit log`).not.toContain(secret.plaintext);
  }

  // Back to the keys page once more, after everything: still nothing.
  await page.goto(resource.url);
  await expect(page.getByRole("heading", { name: "API Keys" })).toBeVisible();
  await checkPayloads("the last visit");

  // 5. The server's log.
  const log = fs.readFileSync(SERVER_LOG, "utf8");
  expect(log, "positive control: the log is the running server's").toContain("Platform Console is ready");
  const logHits = secrets.filter((secret) => log.includes(secret.plaintext)).map((secret) => secret.label);

  // 6. Every file of the embedded database, as raw bytes. Positive controls first: each secret's
  // name and digest are stored, so they must be found (PGlite writes the WAL at commit; allow a
  // moment for it to reach the file). Only for the rows that still exist: a deleted row's bytes may
  // already be pruned from its heap page and its WAL segment recycled, so their absence proves nothing.
  let files: string[] = [];
  for (const secret of secrets.filter((candidate) => !candidate.deleted)) {
    await expect
      .poll(() => {
        files = filesUnder(PGLITE_DIR);
        return {
          name: filesContaining(files, secret.name).length > 0,
          digest: filesContaining(files, sha256(secret.plaintext)).length > 0,
        };
      }, { message: `positive control for ${secret.label}: its name and digest are in ${PGLITE_DIR}`, timeout: 15_000 })
      .toEqual({ name: true, digest: true });
  }
  files = filesUnder(PGLITE_DIR);
  const bytesScanned = bytesOf(files);
  const dbHits = secrets.flatMap((secret) =>
    filesContaining(files, secret.plaintext).map((file) => `${secret.label} in ${path.relative(DATA_DIR, file)}`),
  );
  // The body of a key without its prefix, in case something stored it stripped.
  const bodyHits = secrets.flatMap((secret) =>
    filesContaining(files, secret.plaintext.slice(secret.plaintext.indexOf("_") + 1)).map(
      (file) => `${secret.label} (without prefix) in ${path.relative(DATA_DIR, file)}`,
    ),
  );

  console.log(
    `[leak canary] ${secrets.length} plaintexts (${secrets.length - 1} API keys, 1 access token; 2 keys deleted) checked: ` +
      `${figures.payloads} page payloads (${figures.payloadBytes} chars, ${visited.size} pages: ${[...visited].join(" ")}) → ${figures.payloadHits} hits; ` +
      `server.log (${log.length} chars) → ${logHits.length} hits; ` +
      `${files.length} database files (${bytesScanned} bytes) → ${dbHits.length + bodyHits.length} hits`,
  );
  expect(logHits).toEqual([]);
  expect([...dbHits, ...bodyHits]).toEqual([]);
});
