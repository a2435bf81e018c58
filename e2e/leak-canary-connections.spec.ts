import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { decryptConnectionString, loadEncryptionKey } from "../lib/secrets/connection-encryption";
import { bytesOf, DATA_DIR, filesContaining, filesUnder, payloadsOf, PGLITE_DIR, SERVER_LOG, trackVisits, type Payload } from "./leak-search";
import { openDemoResource, revealToken, uniqueName } from "./support";
import { createThrowawayDatabase } from "./throwaway-database";

// The leak canary for connection-string passwords (issue 9): set through the create dialog, the Settings card's Replace
// and the REST API (create and PATCH), tested, and then searched for exactly as the keys in leak-canary.spec.ts: 0
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
