// `apikey usage` through main(), against the fake Console: the key id is checked before any
// request, the report is read from GET /api-keys/{id}/usage and printed as a table or as JSON.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "./main";
import { fakeConsole, IDS, testIo, TOKEN, type TestIo } from "./test-support";

let api: Awaited<ReturnType<typeof fakeConsole>>;
let io: TestIo;

beforeEach(async () => {
  api = await fakeConsole();
  io = testIo({ PLATFORM_URL: api.url, PLATFORM_TOKEN: TOKEN });
});
afterEach(() => api.close());

const run = (...argv: string[]) => main(argv, io);

async function newKey(): Promise<string> {
  expect(await run("apikey", "create", "-e", IDS.resource, "-n", "used", "--json")).toBe(0);
  const id = JSON.parse(io.out()).id as string;
  io = testIo(io.env, io.homedir);
  return id;
}

describe("apikey usage", () => {
  it("prints the key's requests, errors, cache hit rate, latency and top queries", async () => {
    const id = await newKey();
    expect(await run("apikey", "usage", "--apikey", id)).toBe(0);
    expect(api.requests.at(-1)!.path).toBe(`/api/v1/api-keys/${id}/usage`);
    const out = io.out();
    expect(out).toMatch(/requests \(24 h\)\s+: 42/);
    expect(out).toContain("P2002 × 2");
    expect(out).toContain("75 % of 4 cached reads");
    expect(out).toContain("1.26 ms / 14 ms");
    expect(out).toContain("User.findMany × 30 (p99 8.10 ms)");
  });

  it("--json prints the whole report", async () => {
    const id = await newKey();
    expect(await run("apikey", "usage", "--apikey", id, "--json")).toBe(0);
    expect(JSON.parse(io.out())).toMatchObject({ keyId: id, totals: { requests: 42 } });
  });

  it("refuses a bad id before any request, and says so for an unknown one", async () => {
    const before = api.requests.length;
    expect(await run("apikey", "usage", "--apikey", IDS.resource)).toBe(2);
    expect(io.err()).toContain("Invalid --apikey parameter");
    expect(api.requests.length).toBe(before);
    io = testIo(io.env, io.homedir);
    expect(await run("apikey", "usage", "--apikey", "key_0000000000000009")).not.toBe(0);
    expect(io.err()).toContain("API key not found");
  });
});
