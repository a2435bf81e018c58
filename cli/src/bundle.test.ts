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
type Output = { inputs: Record<string, unknown>; imports: { path: string; kind: string; external?: boolean }[] };
type Meta = { inputs: Record<string, unknown>; outputs: Record<string, Output> };
const meta = () => JSON.parse(fs.readFileSync(path.join(root, "cli/dist/meta.json"), "utf8")) as Meta;

beforeAll(() => {
  execFileSync(process.execPath, [path.join(root, "cli/build.mjs"), "--quiet"], { cwd: root });
}, 60_000);

describe("the CLI bundle", () => {
  it("is made only of cli/src, lib/schemas, lib/keys, lib/ids.ts and zod", () => {
    const inputs = Object.keys(meta().inputs);
    expect(inputs).toContain("cli/src/main.ts");
    expect(inputs).toContain("lib/schemas/common.ts");
    for (const input of inputs) {
      expect(input).toMatch(/^(cli\/src\/(?!.*\.test\.ts$)|lib\/schemas\/|lib\/keys\/|lib\/ids\.ts$|node_modules\/zod\/)/);
    }
    // Everything else it loads at run time is a Node built-in or one of its own chunks.
    for (const output of Object.values(meta().outputs)) {
      for (const imported of output.imports) {
        if (imported.external) expect(imported.path).toMatch(/^node:/);
        else expect(imported.path).toMatch(/^cli\/dist\/chunks\/[\w-]+\.mjs$/);
      }
    }
  });

  it("loads zod and the commands only when a command runs, not for help or usage errors", () => {
    const outputs = meta().outputs;
    const eager = new Set<string>();
    const visit = (file: string) => {
      if (eager.has(file)) return;
      eager.add(file);
      for (const imported of outputs[file]!.imports) if (!imported.external && imported.kind === "import-statement") visit(imported.path);
    };
    visit("cli/dist/platform.mjs");
    const eagerInputs = [...eager].flatMap((file) => Object.keys(outputs[file]!.inputs));
    expect(eagerInputs).toContain("cli/src/args.ts");
    expect(eagerInputs.filter((input) => /zod|lib\/schemas|commands\.ts|api\.ts|login\.ts/.test(input))).toEqual([]);
  });

  it("contains no trace of Next.js, React or Prisma", () => {
    const files = fs.readdirSync(path.join(root, "cli/dist"), { recursive: true, encoding: "utf8" });
    const text = files
      .filter((file) => file.endsWith(".mjs"))
      .map((file) => fs.readFileSync(path.join(root, "cli/dist", file), "utf8"))
      .join("\n");
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
    // Node itself starts in ~50–80 ms and help adds ~20 ms here. Generous for loaded CI machines.
    expect(Math.min(...times)).toBeLessThan(1000);
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
