// The `platform` CLI as a user runs it: the real binary (node cli/bin/platform.mjs) as a child
// process against the running Console. `auth login` is driven end to end (the signed-in demo user
// approves in the browser, the CLI receives and stores the token), then the seed's three lines run
// verbatim, every other command runs with and without --json, and the error exits are checked.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { personalTokens } from "../lib/keys/access-token";
import { DEMO, KEY_PATTERN, uniqueName, verifyKey } from "./support";
import { createThrowawayDatabase } from "./throwaway-database";

test.describe.configure({ mode: "serial" });

const BIN = path.resolve("cli/bin/platform.mjs");
const home = fs.mkdtempSync(path.join(os.tmpdir(), "platform-cli-e2e-"));
const configHome = path.join(home, "config");
const authFile = path.join(configHome, "platform-console", "auth.json");
let baseURL = "";

type Result = { code: number | null; stdout: string; stderr: string };

/** Environment of a user's shell: an empty home, the console's address, no browser to open. */
function cliEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: configHome,
    PLATFORM_URL: baseURL,
    PLATFORM_NO_BROWSER: "1",
    ...extra,
  };
}

function start(args: string[], env = cliEnv(), input?: string) {
  const child = spawn(process.execPath, [BIN, ...args], { env: env as NodeJS.ProcessEnv, stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
  if (input !== undefined) child.stdin!.end(input);
  const result: Result = { code: null, stdout: "", stderr: "" };
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (result.stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (result.stderr += chunk));
  const done = new Promise<Result>((resolve) => child.on("close", (code) => resolve({ ...result, code })));
  return { child, result, done };
}

/** Runs `platform <args>` to the end. */
const platform = (args: string[], env?: Record<string, string | undefined>) => start(args, env).done;

/** Splits a shell-like line (double quotes only), so the seed's lines can be run as written. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]!);
}

async function ok(args: string[]): Promise<string> {
  const result = await platform(args);
  expect(result.stderr, `stderr of platform ${args.join(" ")}`).toBe("");
  expect(result.code, `exit code of platform ${args.join(" ")}`).toBe(0);
  return result.stdout;
}

async function okJson<T>(args: string[]): Promise<T> {
  return JSON.parse(await ok([...args, "--json"])) as T;
}

type Named = { id: string; name: string };
const ids: { workspace: string; project: string; production: string; database: string } = {
  workspace: "",
  project: "",
  production: "",
  database: "",
};
let token = "";

test.beforeAll(() => {
  baseURL = test.info().project.use.baseURL!;
});

test.afterAll(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

test("auth login: approve in the browser, the CLI stores the token", async ({ page }) => {
  test.setTimeout(90_000);
  const login = start(["auth", "login", "--url", baseURL]);
  await expect.poll(() => login.result.stdout, { timeout: 20_000 }).toContain("/auth/cli?");
  expect(login.result.stdout).toMatch(/^Authenticating to Platform Console via browser\.\n/);
  const url = new URL(login.result.stdout.match(/^(http\S+\/auth\/cli\?\S+)$/m)![1]!);
  expect(url.origin).toBe(new URL(baseURL).origin);
  expect(url.searchParams.get("state")).toMatch(/^[A-Za-z0-9_-]{43,}$/);
  expect(url.searchParams.get("redirect")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
  expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(url.searchParams.get("code_challenge_method")).toBe("S256");

  // Every address the browser requests or navigates to (redirects included), and every response.
  const visited: string[] = [];
  page.on("request", (request) => visited.push(request.url()));
  page.on("framenavigated", (frame) => visited.push(frame.url()));
  const bodies: Promise<string>[] = [];
  page.on("response", (response) => bodies.push(response.text().catch(() => "")));

  await page.goto(url.href);
  await expect(page.getByRole("heading", { name: "Authorize the Platform CLI" })).toBeVisible();
  await expect(page.getByText(DEMO.email)).toBeVisible();
  await page.getByRole("button", { name: "Authorize" }).click();
  // The browser lands on the CLI's own loopback page.
  await expect(page.getByRole("heading", { name: "Platform CLI authorized" })).toBeVisible();
  const callback = new URL(page.url());
  expect(callback.href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
  // The callback carries a one-time code and the state, never a token.
  expect([...callback.searchParams.keys()].sort()).toEqual(["code", "state"]);
  expect(callback.searchParams.get("code")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(callback.searchParams.get("state")).toBe(url.searchParams.get("state"));

  const result = await login.done;
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/\nSuccess! Authentication successful for demo@example\.com\n$/);

  const stored = JSON.parse(fs.readFileSync(authFile, "utf8")) as { token: string };
  expect(stored.token).toMatch(personalTokens.pattern);
  expect(fs.statSync(authFile).mode & 0o777).toBe(0o600);
  expect(fs.statSync(path.dirname(authFile)).mode & 0o777).toBe(0o700);
  expect(result.stdout).not.toContain(stored.token);
  token = stored.token;

  // No address the browser visited holds a token (so none is in its history), and no page it
  // received does: the CLI fetched the token itself, with a verifier the browser never saw.
  expect(visited.length).toBeGreaterThan(2);
  expect(visited.filter((address) => /pcpat_/.test(decodeURIComponent(address)))).toEqual([]);
  expect(visited).toContain(callback.href);
  expect((await Promise.all(bodies)).filter((body) => body.includes(stored.token))).toEqual([]);
  expect(await page.evaluate(() => history.length)).toBeGreaterThanOrEqual(2);

  // The code in the browser's history is spent: exchanging it again (even with a guessed
  // verifier) gives nothing.
  const replay = await page.request.post("/api/v1/auth/cli/token", {
    data: { code: callback.searchParams.get("code"), state: callback.searchParams.get("state"), codeVerifier: "v".repeat(43) },
  });
  expect(replay.status()).toBe(401);
  expect(await replay.json()).toMatchObject({ error: { code: "authentication-failed" } });
  expect(await replay.text()).not.toMatch(/pcpat_/);

  // A second login with a token that still works changes nothing.
  const again = await ok(["auth", "login", "--url", baseURL]);
  expect(again).toMatch(/^Already authenticated\./);
  expect(JSON.parse(fs.readFileSync(authFile, "utf8"))).toEqual(stored);
});

test("auth show: who the token belongs to; the token only with --sensitive", async () => {
  const shown = await ok(["auth", "show"]);
  expect(shown).toMatch(/^Currently authenticated as demo@example\.com\n\n/);
  expect(shown).toMatch(/^email +: demo@example\.com$/m);
  expect(shown).not.toContain(token);
  expect(await ok(["auth", "show", "--sensitive"])).toMatch(new RegExp(`^token +: ${token}$`, "m"));
  expect(await okJson<{ type: string; email: string }>(["auth", "show"])).toMatchObject({ type: "user", email: DEMO.email });
});

test("workspace, project and environment show find the demo data", async () => {
  const workspaces = await okJson<(Named & { role: string })[]>(["workspace", "show"]);
  const acme = workspaces.find((workspace) => workspace.name === DEMO.workspace)!;
  expect(acme.id).toMatch(/^wksp_/);
  ids.workspace = acme.id;
  const table = await ok(["workspace", "show"]);
  expect(table).toMatch(new RegExp(`^name +: ${DEMO.workspace}\\nid +: ${acme.id}\\n`, "m"));

  const projects = await okJson<Named[]>(["project", "show", "-w", ids.workspace]);
  ids.project = projects.find((project) => project.name === DEMO.project)!.id;
  expect(await ok(["project", "show", "--workspace", ids.workspace, "--early-access"])).toMatch(
    new RegExp(`^name +: ${DEMO.project}\\nid +: ${ids.project}$`, "m"),
  );

  const resources = await okJson<(Named & { kind: string })[]>(["environment", "show", "-p", ids.project]);
  ids.production = resources.find((resource) => resource.name === "Production")!.id;
  ids.database = resources.find((resource) => resource.name === "storefront-db")!.id;
  expect(ids.production).toMatch(/^env_/);
  expect(ids.database).toMatch(/^db_/);
  const shown = await ok(["environment", "show", "--project", ids.project]);
  expect(shown.trimEnd().split("\n\n").length).toBe(resources.length);
});

test("the seed's three lines, verbatim", async ({ request }) => {
  const env = { ENVIRONMENT_ID: ids.production };
  const expand = (line: string, vars: Record<string, string>) =>
    words(line.replace(/\$([A-Z_]+)/g, (_, name: string) => vars[name]!)).slice(2); // drop "npx platform"

  const created = await ok(
    expand('npx platform apikey create --environment $ENVIRONMENT_ID --name "production-key" --early-access', env),
  );
  const lines = created.trimEnd().split("\n");
  expect(lines).toHaveLength(2);
  const [, keyId] = lines[0]!.match(/^Success! APIKey production-key - (key_[0-9A-Za-z]{16}) created\.$/)!;
  const key = lines[1]!; // what `| tail -1` captures
  expect(key).toMatch(KEY_PATTERN);

  const verified = await verifyKey(request, key);
  expect(verified.status).toBe(200);
  expect(verified.body).toMatchObject({ valid: true, resourceId: ids.production, keyId });

  const shown = await ok(expand("npx platform apikey show --environment $ENVIRONMENT_ID --early-access", env));
  const block = shown.split("\n\n").find((record) => record.includes(keyId!))!;
  expect(block).toMatch(/^name +: production-key\n/);
  expect(block).toMatch(new RegExp(`^id +: ${keyId}$`, "m"));
  expect(block).toMatch(new RegExp(`^hint +: pcsk_…${key.slice(-4)}$`, "m"));
  expect(block).toMatch(/^createdAt +: [A-Z][a-z]{2} \d{1,2}, \d{4}$/m);
  expect(shown).not.toContain(key);

  const deleted = await ok(expand("npx platform apikey delete --apikey $API_KEY_ID --early-access", { API_KEY_ID: keyId! }));
  expect(deleted).toBe(`Success! APIKey production-key - ${keyId} deleted.\n`);

  const gone = await verifyKey(request, key);
  expect(gone.status).toBe(401);
  expect(gone.body).toMatchObject({ valid: false });
  expect(await ok(["apikey", "show", "-e", ids.production])).not.toContain(keyId);
});

test("every other command, with --json parsed", async ({ request }) => {
  // Projects: create (named and with a generated name), list, delete.
  const name = uniqueName("cli-project");
  const created = await ok(["project", "create", "-w", ids.workspace, "-n", name]);
  const [, projectId] = created.match(new RegExp(`^Success! Project ${name} - (proj_[0-9A-Za-z]{16}) created\\.\\n$`))!;
  const generated = await okJson<Named & { workspaceId: string }>(["project", "create", "--workspace", ids.workspace]);
  expect(generated).toMatchObject({ workspaceId: ids.workspace, name: expect.stringMatching(/^project-\d{8}-[0-9a-z]{4}$/) });
  const projects = await okJson<Named[]>(["project", "show", "-w", ids.workspace]);
  expect(projects.map((project) => project.id)).toEqual(expect.arrayContaining([projectId, generated.id]));

  // Resources of the new project: an environment by default, a database with --kind.
  const environment = await okJson<Named & { kind: string; projectId: string }>([
    "environment", "create", "-p", projectId!, "-n", "Staging",
  ]);
  expect(environment).toMatchObject({ kind: "environment", projectId, name: "Staging" });
  const database = await ok(["environment", "create", "--project", projectId!, "--name", "orders-db", "--kind", "database"]);
  const [, databaseId] = database.match(/^Success! Database orders-db - (db_[0-9A-Za-z]{16}) created\.\n$/)!;
  // (A new project starts with a "Production" environment of its own.)
  expect((await okJson<Named[]>(["environment", "show", "-p", projectId!])).map((r) => r.name)).toEqual(
    expect.arrayContaining(["Staging", "orders-db"]),
  );

  // Keys of a database resource, as JSON: the key is in the creation answer only.
  const key = await okJson<Named & { value: string; hint: string }>(["apikey", "create", "-e", databaseId!, "-n", "ci"]);
  expect(key.value).toMatch(KEY_PATTERN);
  expect((await verifyKey(request, key.value)).body).toMatchObject({ valid: true, resourceId: databaseId });
  const keys = await okJson<(Named & { value?: string })[]>(["apikey", "show", "-e", databaseId!]);
  expect(keys).toEqual([expect.objectContaining({ id: key.id, name: "ci", hint: key.hint })]);
  expect(keys[0]!.value).toBeUndefined();
  expect(await okJson<Named>(["apikey", "delete", "--apikey", key.id])).toMatchObject({ id: key.id, name: "ci" });
  expect(await ok(["apikey", "show", "--environment", databaseId!])).toBe("No records found.\n");

  // Issue 11: a read-only key with an expiry, rolled with no grace: the old one stops, the new one works.
  const reader = await okJson<Named & { value: string; permission: string; expiresAt: string }>(["apikey", "create", "-e", databaseId!, "-n", "reader", "--read-only", "--expires-in", "7d"]);
  expect(reader).toMatchObject({ permission: "read-only" });
  expect(Date.parse(reader.expiresAt) - Date.now()).toBeGreaterThan(6 * 86_400_000);
  const rolled = await ok(["apikey", "roll", "--apikey", reader.id, "--grace", "now"]);
  expect(rolled).toMatch(/^Success! APIKey reader \(rolled\) - key_[0-9A-Za-z]{16} created\. The old key key_[0-9A-Za-z]{16} has stopped working\.\npcsk_/);
  const successor = rolled.trimEnd().split("\n").at(-1)!;
  expect((await verifyKey(request, reader.value)).body).toMatchObject({ valid: false, code: "EXPIRED" });
  expect((await verifyKey(request, successor)).body).toMatchObject({ valid: true, permission: "read-only" });

  // A key created without --name gets a generated one; deleting its resource revokes it.
  const unnamed = await ok(["apikey", "create", "-e", environment.id]);
  expect(unnamed).toMatch(/^Success! APIKey key-\d{8}-[0-9a-z]{4} - key_[0-9A-Za-z]{16} created\.\n/);
  const unnamedKey = unnamed.trimEnd().split("\n").at(-1)!;
  expect(await ok(["environment", "delete", "-e", environment.id])).toBe(
    `Success! Environment Staging - ${environment.id} deleted.\n`,
  );
  expect((await verifyKey(request, unnamedKey)).status).toBe(401);
  expect(await okJson<Named>(["environment", "delete", "--environment", databaseId!])).toMatchObject({ id: databaseId });

  expect(await ok(["project", "delete", "-p", projectId!])).toBe(`Success! Project ${name} - ${projectId} deleted.\n`);
  expect(await okJson<Named>(["project", "delete", "--project", generated.id])).toMatchObject({ id: generated.id });
  const after = await okJson<Named[]>(["project", "show", "-w", ids.workspace]);
  expect(after.map((project) => project.id)).not.toContain(projectId);

  // Help for every command, with an example; exit 0.
  const help = await ok(["apikey", "create", "--help"]);
  expect(help).toContain("Usage: platform apikey create --environment <id> [--name <name>] [--expires-in <duration>] [--expires-at <date>] [--no-expiry] [--read-only] [flags]");
  expect(help).toContain("Examples:");
});

test("errors: one line on stderr, exit 2 for usage, 1 for the rest", async () => {
  const line = (result: Result) => {
    expect(result.stdout).toBe("");
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    return result.stderr.trimEnd();
  };

  let result = await platform(["apikey", "show", "-e", ids.production, "--bogus"]);
  expect(result.code).toBe(2);
  expect(line(result)).toBe('Unknown command or parameter "--bogus"');

  result = await platform(["apikey", "show", "--early-access"]);
  expect(result.code).toBe(2);
  expect(line(result)).toBe("Missing --environment or -e parameter");

  result = await platform(["apikey", "create", "-e", ids.production, "-n", "x".repeat(65)]);
  expect(result.code).toBe(2);
  expect(line(result)).toBe("Invalid --name or -n parameter: Use at most 64 characters.");

  // A well-formed token the Console never issued.
  const forged = personalTokens.generate().plaintext;
  result = await platform(["workspace", "show", "--token", forged]);
  expect(result.code).toBe(1);
  expect(line(result)).toBe("Credentials expired or revoked. Run `npx platform auth login`.");

  // No credentials at all: a home without auth.json and no PLATFORM_TOKEN.
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), "platform-cli-empty-"));
  result = await platform(["workspace", "show"], cliEnv({ HOME: empty, XDG_CONFIG_HOME: empty }));
  expect(result.code).toBe(1);
  expect(line(result)).toMatch(/^No platform credentials found\. Run `npx platform auth login` first\./);

  // Another workspace's (or a missing) object: the API's message and hint.
  result = await platform(["apikey", "show", "-e", "env_0000000000000000"]);
  expect(result.code).toBe(1);
  expect(line(result)).toMatch(/not found/i);

  // A console that is not there: the URL it tried.
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = (closed.address() as { port: number }).port;
  await new Promise((resolve) => closed.close(resolve));
  result = await platform(["workspace", "show", "--url", `http://127.0.0.1:${port}`]);
  expect(result.code).toBe(1);
  expect(line(result)).toContain(`http://127.0.0.1:${port}`);
});

test("a database connection from the terminal: read from stdin, tested against PostgreSQL, replaced, removed; never printed", async () => {
  const database = await createThrowawayDatabase("cli");
  const password = `cli-canary-${uniqueName("pw")}`;
  try {
    const label = `${database.user}@${database.host}:${database.port}/${database.name}`;
    const piped = await start(["environment", "create", "-p", ids.project, "-n", uniqueName("cli-db"), "--kind", "database", "--connection-string", "-"], cliEnv(), `${database.url(password)}\n`).done;
    expect(piped.stderr).toBe("");
    expect(piped.code).toBe(0);
    expect(piped.stdout).toMatch(new RegExp(`^Success! Database cli-db-\\S+ - (db_\\w{16}) created\\. Database connection: ${label} \\(stored encrypted; the password is not shown again\\)\\.\\n$`));
    const id = /(db_\w{16})/.exec(piped.stdout)![1]!;

    const tested = await ok(["environment", "test-connection", "-e", id]);
    expect(tested).toMatch(new RegExp(`^Success! Connected to ${label}: PostgreSQL \\d+[^,]*, [\\d.]+ ms round trip \\([\\d.]+ ms to connect\\)\\.\\n$`));
    expect((await okJson<{ database: unknown }[]>(["environment", "show", "-p", ids.project])).find((r) => (r as unknown as Named).id === id)!.database).toEqual({
      host: database.host, port: database.port, name: database.name, user: database.user,
    });

    // Pointed at a closed port: exit 1, host and cause on stderr.
    await start(["environment", "update", "-e", id, "--connection-string", "-"], cliEnv(), database.url(password).replace(`:${database.port}/`, ":1/")).done;
    const refused = await platform(["environment", "test-connection", "-e", id]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`^Cannot connect to ${database.user}@${database.host}:1/${database.name}: connection refused`));

    expect(await ok(["environment", "update", "-e", id, "--remove-connection"])).toMatch(/ updated\. Database connection removed\.\n$/);
    expect((await platform(["environment", "test-connection", "-e", id])).stderr).toMatch(/^This resource has no database connection to test\./);
    const outputs = [piped.stdout, piped.stderr, tested, refused.stdout, refused.stderr, await ok(["environment", "show", "-p", ids.project, "--json"])];
    expect(outputs.filter((text) => text.includes(password))).toEqual([]);
    await ok(["environment", "delete", "-e", id]);
  } finally {
    await database.drop();
  }
});

test("auth logout revokes the token on the server and deletes the file", async ({ request }) => {
  expect(await ok(["auth", "logout"])).toBe("Success! You have logged out.\n");
  expect(fs.existsSync(authFile)).toBe(false);

  const me = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(401);
  const result = await platform(["workspace", "show", "--token", token]);
  expect(result.code).toBe(1);
  expect(result.stderr).toBe("Credentials expired or revoked. Run `npx platform auth login`.\n");

  expect(await ok(["auth", "logout"])).toBe("You are not currently logged in.\n");
});
