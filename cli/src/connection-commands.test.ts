// `environment create --connection-string`, `environment update` and `environment test-connection`
// through main(), against the fake Console: the string is checked before any request, read from
// stdin for `-`, sent only in the request body, and never printed.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { STDIN_PROMPT } from "./connection-commands";
import { main } from "./main";
import { fakeConsole, IDS, testIo, TOKEN, type TestIo } from "./test-support";

const PASSWORD = "Cli-Canary-Pw-93d1";
const URL_ = `postgresql://orders:${PASSWORD}@db.example.com:6543/orders?sslmode=require`;
const LABEL = "orders@db.example.com:6543/orders";

let api: Awaited<ReturnType<typeof fakeConsole>>;
let io: TestIo;

beforeEach(async () => {
  api = await fakeConsole();
  io = testIo({ PLATFORM_URL: api.url, PLATFORM_TOKEN: TOKEN });
});
afterEach(() => api.close());

const run = (...argv: string[]) => main(argv, io);
const fresh = () => {
  io = testIo(io.env, io.homedir);
};
/** Nothing the CLI printed may contain the password, or any connection string but the messages' example. */
const expectNoSecret = () => {
  for (const text of [io.out(), io.err()]) {
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toMatch(/postgres(ql)?:\/\/(?!user:password@host:5432\/database)/);
  }
};

async function createDatabase(): Promise<string> {
  expect(await run("environment", "create", "-p", IDS.project, "-n", "orders-db", "--kind", "database", "--json")).toBe(0);
  const id = JSON.parse(io.out()).id as string;
  fresh();
  return id;
}

describe("environment create --connection-string", () => {
  it("sends the string in the body and prints where it points, not the string", async () => {
    expect(await run("environment", "create", "-p", IDS.project, "-n", "orders-db", "--kind", "database", "--connection-string", URL_)).toBe(0);
    expect(io.out()).toMatch(
      new RegExp(`^Success! Database orders-db - db_\\d{16} created\\. Database connection: ${LABEL} \\(stored encrypted; the password is not shown again\\)\\.\\n$`),
    );
    expectNoSecret();
    expect(api.requests.at(-1)!.body).toEqual({ name: "orders-db", kind: "database", connectionString: URL_ });

    fresh();
    expect(await run("environment", "show", "-p", IDS.project)).toBe(0);
    expect(io.out()).toContain(`database  : ${LABEL}`);
    expectNoSecret();
  });

  it("reads it from stdin with `-`", async () => {
    io.stdin = `${URL_}\n`;
    expect(await run("environment", "create", "-p", IDS.project, "-n", "piped", "--kind", "database", "--connection-string", "-", "--json")).toBe(0);
    expect(io.prompts).toEqual([STDIN_PROMPT]);
    expect(JSON.parse(io.out()).database).toEqual({ host: "db.example.com", port: 6543, name: "orders", user: "orders" });
    expect((api.requests.at(-1)!.body as { connectionString: string }).connectionString).toBe(URL_);
    expectNoSecret();
  });
});

describe("environment update", () => {
  it("sets, replaces and removes the connection, renaming alongside", async () => {
    const id = await createDatabase();
    expect(await run("environment", "update", "-e", id, "--connection-string", URL_)).toBe(0);
    expect(io.out()).toBe(`Success! Database orders-db - ${id} updated. Database connection: ${LABEL} (stored encrypted; the password is not shown again).\n`);
    expect(api.requests.at(-1)).toMatchObject({ method: "PATCH", path: `/api/v1/environments/${id}`, body: { connectionString: URL_ } });
    expectNoSecret();

    fresh();
    io.stdin = URL_.replace("db.example.com", "db2.example.com");
    expect(await run("environment", "update", "-e", id, "--connection-string", "-", "--name", "orders")).toBe(0);
    expect(io.out()).toContain("Database orders - ");
    expect(io.out()).toContain("orders@db2.example.com:6543/orders");
    expectNoSecret();

    fresh();
    expect(await run("environment", "update", "-e", id, "--remove-connection")).toBe(0);
    expect(io.out()).toBe(`Success! Database orders - ${id} updated. Database connection removed.\n`);
    expect(api.requests.at(-1)!.body).toEqual({ connectionString: null });
    expect(api.connections.has(id)).toBe(false);
  });

  it("refuses bad strings with the Console's message, without echoing them and before any request", async () => {
    const id = await createDatabase();
    const before = api.requests.length;
    const cases: [string[], string][] = [
      [["--connection-string", `mysql://u:${PASSWORD}@h/d`], "Invalid --connection-string parameter: Use a PostgreSQL connection string"],
      [["--connection-string", `postgresql://u:${PASSWORD}@h`], "Invalid --connection-string parameter: Add the database name"],
      [["--connection-string", URL_, "--remove-connection"], "Use either --connection-string or --remove-connection, not both"],
      [[], "Nothing to update: give --connection-string, --remove-connection or --name"],
      [["--connection-string"], "Missing value for the --connection-string parameter"],
    ];
    for (const [flags, message] of cases) {
      fresh();
      expect(await run("environment", "update", "-e", id, ...flags)).toBe(2);
      expect(io.err()).toContain(message);
      expectNoSecret();
    }
    fresh();
    io.stdin = "\n";
    expect(await run("environment", "update", "-e", id, "--connection-string", "-")).toBe(2);
    expect(io.err()).toMatch(/^No connection string on stdin/);
    expect(api.requests.length).toBe(before);
  });
});

describe("environment test-connection", () => {
  it("prints server version and latency, or the cause on stderr with exit 1", async () => {
    const id = await createDatabase();
    expect(await run("environment", "test-connection", "-e", id)).toBe(1);
    expect(io.err()).toBe("This resource has no database connection to test. Set one first.\n");

    fresh();
    await run("environment", "update", "-e", id, "--connection-string", URL_);
    fresh();
    expect(await run("environment", "test-connection", "-e", id)).toBe(0);
    expect(io.out()).toBe(`Success! Connected to ${LABEL}: PostgreSQL 15.8, 0.4 ms round trip (6.2 ms to connect).\n`);
    expect(api.requests.at(-1)).toMatchObject({ method: "POST", path: `/api/v1/environments/${id}/connection/test`, body: undefined });

    fresh();
    await run("environment", "update", "-e", id, "--connection-string", URL_.replace(":6543", ":1"));
    fresh();
    expect(await run("environment", "test-connection", "-e", id, "--json")).toBe(1);
    expect(JSON.parse(io.out())).toMatchObject({ ok: false, database: { port: 1 } });
    expect(io.err()).toBe("Cannot connect to orders@db.example.com:1/orders: connection refused.\n");
    expectNoSecret();
  });
});
