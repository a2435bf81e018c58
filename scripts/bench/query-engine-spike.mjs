// Bundles and runs ./query-engine-spike.ts (see there): `node scripts/bench/query-engine-spike.mjs`.
// Needs PostgreSQL (BENCH_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/postgres).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { generateCurrentClient } from "../../tests/support/accelerate-client/generate.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
generateCurrentClient();
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "query-spike-")), "spike.mjs");
await build({
  absWorkingDir: root,
  entryPoints: [path.join(here, "query-engine-spike.ts")],
  outfile: out,
  bundle: true,
  packages: "external",
  platform: "node",
  format: "esm",
  target: "node20",
  tsconfig: path.join(root, "tsconfig.json"),
  logLevel: "warning",
});
// The bundle imports packages from this project's node_modules.
const runnable = path.join(root, "node_modules", ".query-spike.mjs");
fs.copyFileSync(out, runnable);
// SPIKE_PROFILE=<folder>: CPU profiles of the clients' process and of each server (see the .ts).
const profile = process.env.SPIKE_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.SPIKE_PROFILE}`] : [];
const result = spawnSync(process.execPath, [...profile, runnable], {
  stdio: "inherit",
  env: { ...process.env, SPIKE_SCHEMA_SQL: path.join(root, "tests/support/accelerate-client/schema.sql") },
});
fs.rmSync(runnable, { force: true });
process.exit(result.status ?? 1);
