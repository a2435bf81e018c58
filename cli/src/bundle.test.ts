// The bundle (cli/build.mjs → cli/dist/platform.mjs) holds only the CLI, the shared schemas and key
// helpers, and zod: never Next.js, React or Prisma; and the bin builds it when it is missing or stale.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = path.join(root, "cli/bin/platform.mjs");
const bundle = path.join(root, "cli/dist/platform.mjs");
type Meta = { inputs: Record<string, unknown>; outputs: Record<string, { imports: { path: string; external?: boolean }[] }> };

beforeAll(() => {
  execFileSync(process.execPath, [path.join(root, "cli/build.mjs"), "--quiet"], { cwd: root });
}, 60_000);

describe("the CLI bundle", () => {
  it("is made only of cli/src, lib/schemas, lib/keys, lib/ids.ts and zod", () => {
    const meta = JSON.parse(fs.readFileSync(path.join(root, "cli/dist/meta.json"), "utf8")) as Meta;
    const inputs = Object.keys(meta.inputs);
    expect(inputs).toContain("cli/src/main.ts");
    expect(inputs).toContain("lib/schemas/common.ts");
    for (const input of inputs) {
      expect(input).toMatch(/^(cli\/src\/(?!.*\.test\.ts$)|lib\/schemas\/|lib\/keys\/|lib\/ids\.ts$|node_modules\/zod\/)/);
    }
    // Everything else it loads at run time is a Node built-in.
    const imports = meta.outputs["cli/dist/platform.mjs"]!.imports;
    for (const imported of imports) expect(imported).toMatchObject({ path: expect.stringMatching(/^node:/), external: true });
  });

  it("contains no trace of Next.js, React or Prisma", () => {
    const text = fs.readFileSync(bundle, "utf8");
    expect(text).not.toMatch(/next\/|@prisma|\breact\b|server-only/);
  });

  it("answers --help fast, without a server", () => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const result = spawnSync(process.execPath, [bin, "--help"], { encoding: "utf8" });
      times.push(performance.now() - started);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain("Usage: platform <command> <action> [flags]");
    }
    // Node itself starts in ~50 ms; the bundle adds parsing zod. Generous for loaded CI machines.
    expect(Math.min(...times)).toBeLessThan(1500);
  });

  it("is rebuilt by the bin when missing or older than its sources", () => {
    fs.rmSync(bundle);
    expect(spawnSync(process.execPath, [bin, "--version"], { encoding: "utf8" }).stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect(fs.existsSync(bundle)).toBe(true);
    fs.utimesSync(bundle, new Date(1000), new Date(1000));
    expect(spawnSync(process.execPath, [bin, "--version"]).status).toBe(0);
    expect(fs.statSync(bundle).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
  }, 60_000);
});
