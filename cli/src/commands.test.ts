// The commands end to end through main(), against a fake Console speaking the /api/v1 contract.
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { authFile, writeStoredToken } from "./config";
import { main } from "./main";
import { fakeConsole, IDS, testIo, TOKEN, type TestIo } from "./test-support";

let api: Awaited<ReturnType<typeof fakeConsole>>;
let io: TestIo;

beforeEach(async () => {
  api = await fakeConsole({ pageSize: 2 });
  io = testIo({ PLATFORM_URL: api.url, PLATFORM_TOKEN: TOKEN });
});
afterEach(() => api.close());

const run = (...argv: string[]) => main(argv, io);

describe("data commands", () => {
  it("runs the seed's three lines", async () => {
    expect(await run("apikey", "create", "--environment", IDS.resource, "--name", "production-key", "--early-access")).toBe(0);
    const [line, key, ...rest] = io.out().split("\n");
    expect(line).toMatch(/^Success! APIKey production-key - key_\d{16} created\.$/);
    expect(key).toMatch(/^pcsk_/);
    expect(rest).toEqual([""]);
    const keyId = line!.split(" - ")[1]!.split(" ")[0]!;

    io = testIo(io.env);
    expect(await run("apikey", "show", "--environment", IDS.resource, "--early-access")).toBe(0);
    expect(io.out()).toContain("name       : production-key");
    expect(io.out()).toContain(`id         : ${keyId}`);
    expect(io.out()).not.toContain(key);

    io = testIo(io.env);
    expect(await run("apikey", "delete", "--apikey", keyId, "--early-access")).toBe(0);
    expect(io.out()).toBe(`Success! APIKey production-key - ${keyId} deleted.\n`);
    expect(io.err()).toBe("");
  });

  it("sends the bearer token and follows pagination to the end", async () => {
    for (const name of ["a", "b", "c", "d", "e"]) await run("apikey", "create", "-e", IDS.resource, "-n", name);
    io = testIo(io.env);
    expect(await run("apikey", "show", "-e", IDS.resource, "--json")).toBe(0);
    const keys = JSON.parse(io.out()) as { name: string }[];
    expect(keys.map((k) => k.name)).toEqual(["e", "d", "c", "b", "a"]);
    const lists = api.requests.filter((r) => r.method === "GET");
    expect(lists.map((r) => r.path)).toEqual([
      `/api/v1/environments/${IDS.resource}/api-keys?limit=1000`,
      `/api/v1/environments/${IDS.resource}/api-keys?limit=1000&cursor=2`,
      `/api/v1/environments/${IDS.resource}/api-keys?limit=1000&cursor=4`,
    ]);
    expect(api.requests.every((r) => r.auth === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("prints tables with blank lines between records, and `No records found.`", async () => {
    expect(await run("apikey", "show", "-e", IDS.resource)).toBe(0);
    expect(io.out()).toBe("No records found.\n");
    io = testIo(io.env);
    await run("environment", "create", "-p", IDS.project, "-n", "orders-db", "--kind", "database");
    expect(io.out()).toMatch(/^Success! Database orders-db - db_\d{16} created\.\n$/);
    io = testIo(io.env);
    expect(await run("environment", "show", "-p", IDS.project)).toBe(0);
    const blocks = io.out().trimEnd().split("\n\n");
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatch(/^name {6}: Production\nid {8}: env_0000000000000001\nkind {6}: environment\n/);
    expect(blocks[1]).toContain("kind      : database");
  });

  it("creates with a generated name when -n is left out", async () => {
    expect(await run("project", "create", "-w", IDS.workspace)).toBe(0);
    expect(io.out()).toMatch(/^Success! Project project-\d{8}-[0-9a-z]{4} - proj_\d{16} created\.\n$/);
    const body = api.requests.at(-1)!.body as { name: string };
    expect(body.name).toMatch(/^project-\d{8}-[0-9a-z]{4}$/);
  });

  it("covers workspace, project and environment commands with --json", async () => {
    expect(await run("workspace", "show", "--json")).toBe(0);
    expect(JSON.parse(io.out())).toEqual([expect.objectContaining({ id: IDS.workspace, name: "Acme" })]);
    io = testIo(io.env);
    expect(await run("project", "create", "-w", IDS.workspace, "-n", "Temp", "--json")).toBe(0);
    const project = JSON.parse(io.out());
    io = testIo(io.env);
    expect(await run("project", "delete", "-p", project.id)).toBe(0);
    expect(io.out()).toBe(`Success! Project Temp - ${project.id} deleted.\n`);
    io = testIo(io.env);
    expect(await run("environment", "create", "-p", IDS.project, "-n", "Staging", "--json")).toBe(0);
    const resource = JSON.parse(io.out());
    expect(resource).toMatchObject({ name: "Staging", kind: "environment" });
    io = testIo(io.env);
    expect(await run("environment", "delete", "-e", resource.id)).toBe(0);
    expect(io.out()).toBe(`Success! Environment Staging - ${resource.id} deleted.\n`);
  });

  it("validates names and ids with the Console's schemas before any request", async () => {
    expect(await run("apikey", "create", "-e", IDS.resource, "-n", "x".repeat(65))).toBe(2);
    expect(io.err()).toBe("Invalid --name or -n parameter: Use at most 64 characters.\n");
    io = testIo(io.env);
    expect(await run("apikey", "create", "-e", IDS.resource, "-n", "bad\u202Ename")).toBe(2);
    expect(io.err()).toBe("Invalid --name or -n parameter: Remove control or invisible characters from the name.\n");
    io = testIo(io.env);
    expect(await run("apikey", "delete", "--apikey", IDS.resource)).toBe(2);
    expect(io.err()).toBe(`Invalid --apikey parameter "${IDS.resource}": Not a valid id.\n`);
    io = testIo(io.env);
    expect(await run("environment", "create", "-p", IDS.project, "--kind", "cache")).toBe(2);
    expect(io.err()).toBe('Invalid --kind parameter "cache": Choose a database or an environment.\n');
    expect(api.requests).toEqual([]);
  });

  it("reports the API's error message and hint on one line, exit 1", async () => {
    expect(await run("apikey", "show", "-e", "env_0000000000000099")).toBe(1);
    expect(io.err()).toBe("Resource not found. Check the id with `platform environment show`.\n");
    expect(io.out()).toBe("");
  });

  it("says credentials expired on a 401, and names the URL when the console is unreachable", async () => {
    io.env.PLATFORM_TOKEN = "pcpat_" + "z".repeat(38);
    expect(await run("workspace", "show")).toBe(1);
    expect(io.err()).toBe("Credentials expired or revoked. Run `npx platform auth login`.\n");

    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    io = testIo({ PLATFORM_TOKEN: TOKEN });
    expect(await run("workspace", "show", "--url", `http://127.0.0.1:${port}`)).toBe(1);
    expect(io.err()).toBe(
      `Could not reach the Platform Console at http://127.0.0.1:${port} (ECONNREFUSED). Check --url or PLATFORM_URL.\n`,
    );
  });

  it("never prints the token except with auth show --sensitive", async () => {
    expect(await run("auth", "show")).toBe(0);
    expect(io.out()).toMatch(/^Currently authenticated as demo@example.com\n\nname {4}: Demo User\n/);
    expect(io.out()).not.toContain(TOKEN);
    io = testIo(io.env);
    expect(await run("auth", "show", "--sensitive")).toBe(0);
    expect(io.out()).toContain(`token   : ${TOKEN}`);
    io = testIo(io.env);
    expect(await run("auth", "show", "--json")).toBe(0);
    expect(JSON.parse(io.out())).toMatchObject({ type: "user", email: "demo@example.com" });
    expect(io.out()).not.toContain(TOKEN);
  });
});

describe("auth login and logout", () => {
  beforeEach(() => {
    delete io.env.PLATFORM_TOKEN;
  });

  /** Plays the browser: waits for the printed URL, then follows it to the callback like the Console would. */
  async function approve(answer: (redirect: URL, state: string, challenge: string) => URL | Promise<URL>) {
    const printedText = () => io.out() + io.err();
    for (let i = 0; i < 200 && !printedText().includes("/auth/cli?"); i++) await new Promise((r) => setTimeout(r, 10));
    const printed = new URL(printedText().match(/^(http\S+\/auth\/cli\?\S+)$/m)![1]!);
    expect(io.opened).toEqual([printed.href]);
    const state = printed.searchParams.get("state")!;
    const challenge = printed.searchParams.get("code_challenge")!;
    const redirect = new URL(printed.searchParams.get("redirect")!);
    const callback = await answer(redirect, state, challenge);
    const response = await fetch(callback);
    return { printed, state, challenge, redirect, callback, response, html: await response.text() };
  }

  /** What the Console does on approval: a one-time code bound to the state and challenge. */
  const withCode = (redirect: URL, state: string, challenge: string) => {
    redirect.searchParams.set("code", api.issueCode(state, challenge));
    redirect.searchParams.set("state", state);
    return redirect;
  };

  it("receives a one-time code on 127.0.0.1, exchanges it with its verifier, stores the token 0600 and greets the user", async () => {
    const done = run("auth", "login");
    const { printed, state, challenge, redirect, callback, response, html } = await approve(withCode);
    expect(await done).toBe(0);
    expect(printed.origin + printed.pathname).toBe(`${api.url}/auth/cli`);
    expect(state.length).toBeGreaterThanOrEqual(43); // 256 bits in base64url
    expect(printed.searchParams.get("code_challenge_method")).toBe("S256");
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(redirect.hostname).toBe("127.0.0.1");
    expect(redirect.pathname).toBe("/callback");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(html).toContain("Platform CLI authorized");

    // The exchange: an anonymous POST with the code, the state and the verifier whose S256 is the challenge.
    const exchange = api.requests.find((r) => r.path === "/api/v1/auth/cli/token")!;
    expect(exchange).toMatchObject({ method: "POST", auth: undefined, body: { code: callback.searchParams.get("code"), state } });
    const { codeVerifier } = exchange.body as { codeVerifier: string };
    expect(codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createHash("sha256").update(codeVerifier).digest("base64url")).toBe(challenge);
    // The verifier is in no URL and nothing printed; the token in no URL.
    for (const text of [printed.href, callback.href, io.out(), io.err()]) expect(text).not.toContain(codeVerifier);
    for (const text of [printed.href, callback.href, io.out()]) expect(text).not.toContain(TOKEN);

    expect(io.out()).toMatch(/^Authenticating to Platform Console via browser\.\n/);
    expect(io.out()).toMatch(/Success! Authentication successful for demo@example.com\n$/);
    const file = authFile(io);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({ token: TOKEN });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    io = testIo(io.env, io.homedir);
    expect(await run("auth", "login")).toBe(0);
    expect(io.out()).toMatch(/^Already authenticated\./);
  });

  it("fails when the Console refuses the code (another verifier), showing why in the browser and the terminal", async () => {
    const done = run("auth", "login");
    // A code bound to someone else's challenge: the exchange with this CLI's verifier is refused.
    const { response, html } = await approve((redirect, state) => withCode(redirect, state, "x".repeat(43)));
    expect(response.status).toBe(400);
    expect(html).toContain("Authentication failed");
    expect(html).toContain("The login code is not valid");
    expect(await done).toBe(1);
    expect(io.err()).toBe("Authentication failed: The login code is not valid. Run `npx platform auth login` again.\n");
    expect(fs.existsSync(authFile(io))).toBe(false);
  });

  it("fails without an exchange when the callback carries no well-formed code", async () => {
    const done = run("auth", "login");
    const { response } = await approve((redirect, state) => {
      redirect.searchParams.set("state", state);
      redirect.searchParams.set("token", TOKEN); // the old flow's answer is not accepted
      return redirect;
    });
    expect(response.status).toBe(400);
    expect(await done).toBe(1);
    expect(io.err()).toBe("Authentication failed: the Console sent no valid code\n");
    expect(api.requests.filter((r) => r.path === "/api/v1/auth/cli/token")).toEqual([]);
    expect(fs.existsSync(authFile(io))).toBe(false);
  });

  it("ignores a callback with the wrong state and fails on ?error=", async () => {
    const done = run("auth", "login", "--json");
    let wrong: Response | undefined;
    const { response, html } = await approve(async (redirect, state, challenge) => {
      const forged = withCode(new URL(redirect), state, challenge);
      forged.searchParams.set("state", state.slice(0, -1) + (state.endsWith("A") ? "B" : "A"));
      wrong = await fetch(forged);
      redirect.searchParams.set("state", state);
      redirect.searchParams.set("error", "Access denied <script>");
      return redirect;
    });
    expect(wrong!.status).toBe(400);
    expect(response.status).toBe(400);
    expect(html).toContain("Access denied &lt;script&gt;");
    expect(await done).toBe(1);
    expect(io.err()).toMatch(/Authentication failed: Access denied <script>\n$/);
    expect(api.requests.filter((r) => r.path === "/api/v1/auth/cli/token")).toEqual([]);
    expect(fs.existsSync(authFile(io))).toBe(false);
  });

  it("times out with a clear message", async () => {
    io.env.PLATFORM_LOGIN_TIMEOUT_MS = "300";
    expect(await run("auth", "login")).toBe(1);
    expect(io.err()).toBe("Timed out after 0 seconds waiting for the approval in the browser. Run `npx platform auth login` again.\n");
  });

  it("logs out: revokes the token on the server, then deletes the file", async () => {
    writeStoredToken(authFile(io), TOKEN);
    expect(await run("auth", "logout")).toBe(0);
    expect(io.out()).toBe("Success! You have logged out.\n");
    expect(api.tokens.has(TOKEN)).toBe(false);
    expect(fs.existsSync(authFile(io))).toBe(false);
    io = testIo(io.env, io.homedir);
    expect(await run("auth", "logout")).toBe(0);
    expect(io.out()).toBe("You are not currently logged in.\n");
  });

  it("keeps the file when the server cannot be reached to revoke the token", async () => {
    writeStoredToken(authFile(io), TOKEN);
    await api.close();
    expect(await run("auth", "logout")).toBe(1);
    expect(io.err()).toMatch(/^Could not reach the Platform Console at .* The token was not revoked and is still stored in .*auth\.json\.\n$/);
    expect(fs.existsSync(authFile(io))).toBe(true);
    api = await fakeConsole();
  });
});
