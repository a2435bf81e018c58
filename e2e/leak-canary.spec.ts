import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { decryptConnectionString, loadEncryptionKey } from "../lib/secrets/connection-encryption";
import { bytesOf, DATA_DIR, filesContaining, filesUnder, payloadsOf, PGLITE_DIR, SERVER_LOG, trackVisits, type Payload } from "./leak-search";
import { createApiKey, createdDialog, keyRow, openDemoResource, revealKey, revealToken, uniqueName, verifyKey } from "./support";
import { sendTraffic } from "./gateway-traffic";
import { createThrowawayDatabase } from "./throwaway-database";

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

// Connection-string passwords (issue 9): set through the create dialog, the Settings card's Replace
// and the REST API (create and PATCH), tested, and then searched for exactly as the keys above: 0
// hits in pages, RSC payloads, storage, the log and the database files. Positive controls: the
// connection's host and database name are on the page, and the database files hold ciphertexts
// that decrypt (with e2e/.data's key, bound to their resource's id) to exactly the strings set.
test("leak canary: no connection-string password in pages, RSC payloads, API answers, the server log or the database files", async ({ page }) => {
  test.setTimeout(150_000);
  const database = await createThrowawayDatabase("canary");
  try {
    const visited = trackVisits(page);
    const tag = uniqueName("pw").replace(/-/g, "");
    // One of them needs percent-encoding: the raw and the encoded form are both searched for.
    const passwords = { dialog: `dlg-${tag}-A1`, replace: `rpl@${tag}:/#B2`, restCreate: `rcr-${tag}-C3`, restPatch: `rpt-${tag}-D4` };
    const forms = Object.values(passwords).flatMap((password) => [password, encodeURIComponent(password)]);
    const strings = new Map<string, string>(); // resource id → its current connection string
    const set: string[] = []; // every string ever set
    const hitsIn = (payloads: Payload[]) => payloads.flatMap(({ where, text }) => forms.filter((form) => text.includes(form)).map((form) => `${form} in ${where}`));

    // 1. The create dialog, with a connection string: the Settings tab opens with the note.
    await openDemoResource(page, "Production");
    await page.getByRole("link", { name: "Storefront" }).click();
    await page.getByRole("button", { name: "New resource" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a resource" });
    await dialog.getByLabel("Name").fill(uniqueName("canary-db"));
    await dialog.getByRole("radio", { name: "Database" }).check();
    await dialog.getByLabel("Database connection string").fill(database.url(passwords.dialog));
    await dialog.getByRole("button", { name: "Add resource" }).click();
    await expect(page).toHaveURL(/\/settings$/);
    const card = page.getByTestId("database-connection-card");
    await expect(card.getByRole("status")).toContainText("The password is stored encrypted and won't be shown again.");
    const uiResource = new URL(page.url()).pathname.split("/")[3]!;
    strings.set(uiResource, database.url(passwords.dialog));
    set.push(database.url(passwords.dialog));

    // 2. Test connection, then Replace (tested in the dialog before saving).
    await card.getByRole("button", { name: "Test connection" }).click();
    await expect(card.getByTestId("connection-test-result")).toContainText(`Connected to ${database.host}`);
    await card.getByRole("button", { name: "Replace" }).click();
    const replace = page.getByRole("dialog", { name: "Replace the connection string" });
    await replace.getByLabel("Connection string").fill(database.url(passwords.replace));
    await replace.getByRole("button", { name: "Test connection" }).click();
    await expect(replace.getByTestId("connection-test-result")).toContainText("PostgreSQL");
    await replace.getByRole("button", { name: "Save connection" }).click();
    await expect(replace).toBeHidden();
    await expect(card.getByRole("status")).toContainText("won't be shown again");
    strings.set(uiResource, database.url(passwords.replace));
    set.push(database.url(passwords.replace));

    let payloads = await payloadsOf(page, visited);
    expect(hitsIn(payloads), "after the UI's create and Replace").toEqual([]);
    // Positive control: the same search finds what is shown (host and database name) in the DOM and the RSC payload.
    for (const where of ["DOM of", "RSC of"]) {
      expect(payloads.some((p) => p.where.startsWith(where) && p.text.includes(database.name) && p.text.includes(database.host)), where).toBe(true);
    }

    // 3. The REST API, with a personal access token made on the Tokens page.
    await page.getByRole("link", { name: "Access tokens" }).click();
    await page.getByRole("button", { name: "Create access token" }).click();
    await page.getByRole("dialog").getByLabel("Name").fill(uniqueName("canary-rest"));
    await page.getByRole("dialog").getByRole("button", { name: "Create", exact: true }).click();
    const token = await revealToken(page);
    await page.getByRole("button", { name: "Done" }).click();
    await page.getByRole("button", { name: "Close without copying" }).click();
    const headers = { authorization: `Bearer ${token}` };
    const projectId = await projectOf(page, uiResource, headers);
    const created = await page.request.post(`/api/v1/projects/${projectId}/environments`, {
      headers,
      data: { name: uniqueName("canary-rest-db"), kind: "database", connectionString: database.url(passwords.restCreate) },
    });
    expect(created.status()).toBe(201);
    const restResource = (await created.json()).data.id as string;
    set.push(database.url(passwords.restCreate));
    const patched = await page.request.patch(`/api/v1/environments/${restResource}`, { headers, data: { connectionString: database.url(passwords.restPatch) } });
    expect(patched.status()).toBe(200);
    strings.set(restResource, database.url(passwords.restPatch));
    set.push(database.url(passwords.restPatch));
    const tested = await page.request.post(`/api/v1/environments/${restResource}/connection/test`, { headers });
    const answers: Payload[] = [
      { where: "POST …/environments", text: await created.text() },
      { where: "PATCH /environments/{id}", text: await patched.text() },
      { where: "POST …/connection/test", text: await tested.text() },
      { where: "GET /environments/{id}", text: await (await page.request.get(`/api/v1/environments/${restResource}`, { headers })).text() },
    ];
    expect(JSON.parse(answers[1]!.text).data.database).toEqual({ host: database.host, port: database.port, name: database.name, user: database.user });
    expect(JSON.parse(answers[2]!.text).data).toMatchObject({ ok: true, serverVersion: expect.any(String) });
    expect(hitsIn(answers), "in the API's answers").toEqual([]);

    // The audit log records each connection change, and no part of its string (the database files
    // below are searched for the database's name as well).
    const { workspaceId } = (await (await page.request.get(`/api/v1/environments/${restResource}`, { headers })).json()).data;
    const audit = await page.request.get(`/api/v1/workspaces/${workspaceId}/audit-log?action=resource.connection_set`, { headers });
    const auditText = await audit.text();
    answers.push({ where: "GET /workspaces/{id}/audit-log", text: auditText });
    expect(JSON.parse(auditText).data.map((entry: { object: { id: string } }) => entry.object.id), "positive control: the changes are in the log").toEqual(
      expect.arrayContaining([uiResource, restResource]),
    );
    expect(auditText).not.toContain(database.name);
    await page.goto(`/${workspaceId}/audit-log`);
    await expect(page.getByTestId("audit-entry").filter({ hasText: "Database connection set" }).first()).toBeVisible();
    expect(hitsIn(answers), "in the audit log").toEqual([]);

    // 4. Its Settings tab, and every page again.
    await page.goto(await settingsPathOf(page, restResource, headers));
    await expect(page.getByTestId("database-connection-details")).toContainText(database.name);
    payloads = await payloadsOf(page, visited);
    expect(hitsIn(payloads), "after the REST changes").toEqual([]);

    // 5. The server's log.
    const log = fs.readFileSync(SERVER_LOG, "utf8");
    expect(log).toContain("Platform Console is ready");
    const logHits = forms.filter((form) => log.includes(form));

    // 6. The database files: ciphertexts that decrypt to strings we set (positive control), no
    // password, no plaintext part. Each resource's INSERT holds its whole ciphertext; an UPDATE's WAL
    // record holds only the bytes that differ from the old row (PostgreSQL's prefix/suffix
    // compression; here everything after the shared "v1.<key id>." prefix), and heap pages reach the
    // files at checkpoints, so the latest value is not always findable whole while the server runs.
    const key = loadEncryptionKey({ env: { PLATFORM_DATA_DIR: DATA_DIR } });
    const pattern = new RegExp(`v1\\.${key.id}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{22}`, "g");
    let files: string[] = [];
    const decrypted = () => {
      files = filesUnder(PGLITE_DIR);
      const found = new Map<string, Set<string>>(); // resource id → strings its ciphertexts decrypt to
      for (const file of files) {
        const text = fs.readFileSync(file, { encoding: "latin1", flag: "r" });
        for (const [ciphertext] of text.matchAll(pattern)) {
          for (const resourceId of strings.keys()) {
            try {
              const value = decryptConnectionString(ciphertext, key, resourceId);
              found.set(resourceId, (found.get(resourceId) ?? new Set()).add(value));
            } catch {
              // bound to another resource (or a torn WAL record): not this one
            }
          }
        }
      }
      return found;
    };
    await expect
      .poll(() => [...strings.keys()].filter((resourceId) => !decrypted().has(resourceId)), {
        message: "each resource has a ciphertext in the database files",
        timeout: 15_000,
      })
      .toEqual([]);
    const found = [...decrypted().values()].flatMap((values) => [...values]);
    expect(found.filter((value) => !set.includes(value))).toEqual([]);
    const dbHits = [...forms, database.name, ...set].flatMap((needle) => filesContaining(files, needle).map((file) => `${needle.slice(0, 24)}… in ${path.relative(DATA_DIR, file)}`));

    console.log(
      `[leak canary] ${Object.keys(passwords).length} connection-string passwords (${forms.length} forms) set through the create dialog, Replace and REST: ` +
        `${payloads.length} page payloads and ${answers.length} API answers → ${hitsIn([...payloads, ...answers]).length} hits; server.log → ${logHits.length} hits; ` +
        `${files.length} database files (${bytesOf(files)} bytes): ciphertexts decrypt to ${found.length} of the ${set.length} strings set, → ${dbHits.length} hits of a password or any plaintext part`,
    );
    expect(logHits).toEqual([]);
    expect(dbHits).toEqual([]);
  } finally {
    await database.drop();
  }
});

async function projectOf(page: Page, resourceId: string, headers: Record<string, string>): Promise<string> {
  const response = await page.request.get(`/api/v1/environments/${resourceId}`, { headers });
  return (await response.json()).data.projectId as string;
}

async function settingsPathOf(page: Page, resourceId: string, headers: Record<string, string>): Promise<string> {
  const { data } = await (await page.request.get(`/api/v1/environments/${resourceId}`, { headers })).json();
  return `/${data.workspaceId}/${data.projectId}/${resourceId}/settings`;
}

// Usage and query insights (issue 10): a canary sent only as a query parameter, through the gateway
// by a real Prisma Client, is stored nowhere: not in the Queries tab's pages and RSC payloads, the
// API Keys list, the server's log or the embedded database's files. Positive control: the shape the
// gateway stored for that query (its SQL with `?` for every value) is found in the same files.
test("leak canary: a query parameter sent through the gateway is in no usage page, log line or database file", async ({ page }) => {
  test.setTimeout(120_000);
  const visited = trackVisits(page);
  const resource = await openDemoResource(page, "storefront-db");
  const name = uniqueName("canary-usage");
  const created = await createApiKey(page, name);
  const key = await revealKey(created);
  await created.getByRole("button", { name: "Done" }).click();
  await page.getByRole("button", { name: "Close without copying" }).click();
  const canary = `usage-canary-${uniqueName("p")}`;
  await sendTraffic(key, canary, { findMany: 5, count: 3, errors: 1 });

  const queries = resource.url.replace(/\/api-keys$/, "/queries");
  const filter = page.getByLabel("Filter by API key");
  await expect
    .poll(async () => {
      await page.goto(queries);
      return filter.locator("option", { hasText: name }).count();
    }, { timeout: 30_000, intervals: [1_000] })
    .toBe(1);
  await filter.selectOption({ label: name });
  const shape = page.getByTestId("top-by-count").getByTestId("query-shape").filter({ hasText: "Product.findMany" }).locator("code");
  const shapeText = (await shape.getAttribute("title"))!;
  expect(shapeText).toContain('FROM "public"."Product"');
  await page.goto(resource.url);
  await expect(keyRow(page, name)).toBeVisible();

  const forms = [canary, encodeURIComponent(canary)];
  const payloadHits = (await payloadsOf(page, visited)).flatMap(({ where, text }) => forms.filter((form) => text.includes(form)).map(() => where));
  const log = fs.readFileSync(SERVER_LOG, "utf8");
  await expect
    .poll(() => filesContaining(filesUnder(PGLITE_DIR), shapeText).length, { message: "positive control: the stored shape is in the database files", timeout: 15_000 })
    .toBeGreaterThan(0);
  const dbHits = filesContaining(filesUnder(PGLITE_DIR), canary).map((file) => path.relative(DATA_DIR, file));
  console.log(`[leak canary] usage: ${visited.size} pages, server.log (${log.length} chars), ${filesUnder(PGLITE_DIR).length} database files → ` +
    `${payloadHits.length + (log.includes(canary) ? 1 : 0) + dbHits.length} hits of the parameter canary`);
  expect(payloadHits).toEqual([]);
  expect(log.includes(canary)).toBe(false);
  expect(dbHits).toEqual([]);
});
