// The Prisma Clients the gateway's query tests drive (tests/accelerate), from ./schema.prisma:
//
// - generated/v7-10/ — by this project's `prisma` (7.10.x), at test setup; skipped when the schema and
//   the CLI version are those of the last generation (a stamp file), so it costs ~0 s when up to date.
// - v7-8/ — by prisma@7.8.0, committed: an older minor's generator cannot be installed beside ours
//   (both packages declare the `prisma` bin and npm links whichever it meets last), so its output
//   is kept, with its runtime imports pointed at the devDependency `prisma-client-7-8`
//   (npm:@prisma/client@7.8.0). `node tests/support/accelerate-client/generate.mjs --fixture-7-8`
//   regenerates it (needs the npm registry once); the test setup fails if the schema changed since.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const schemaFile = path.join(here, "schema.prisma");
const require = createRequire(import.meta.url);
const STAMP = ".generated-from";

const schemaHash = () => crypto.createHash("sha256").update(fs.readFileSync(schemaFile)).digest("hex");

function run(command, args, what) {
  const result = spawnSync(command, args, {
    cwd: here,
    encoding: "utf8",
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false", PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
  });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status}): ${result.stderr || result.stdout}`);
}

/** A copy of the schema whose generator writes to `output` (relative to this folder). */
function schemaWithOutput(output) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "accelerate-schema-")), "schema.prisma");
  const text = fs.readFileSync(schemaFile, "utf8").replace(/output\s*=\s*"[^"]*"/, `output = "${path.join(here, output)}"`);
  fs.writeFileSync(file, text);
  return file;
}

export function generateCurrentClient() {
  const cli = require.resolve("prisma/build/index.js");
  const version = JSON.parse(fs.readFileSync(require.resolve("prisma/package.json"), "utf8")).version;
  const out = path.join(here, "generated", "v7-10");
  const stamp = `${schemaHash()} prisma@${version}`;
  if (fs.existsSync(path.join(out, STAMP)) && fs.readFileSync(path.join(out, STAMP), "utf8") === stamp) return out;
  run(process.execPath, [cli, "generate", "--schema", schemaWithOutput("generated/v7-10")], `prisma generate (${version})`);
  fs.writeFileSync(path.join(out, STAMP), stamp);
  return out;
}

export function checkFixture78() {
  const stampFile = path.join(here, "v7-8", STAMP);
  const stamp = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, "utf8") : "";
  if (stamp !== `${schemaHash()} prisma@7.8.0`) {
    throw new Error(
      "tests/support/accelerate-client/v7-8 was generated from another schema.prisma: run `node tests/support/accelerate-client/generate.mjs --fixture-7-8`.",
    );
  }
}

function generateFixture78() {
  const out = path.join(here, "v7-8");
  fs.rmSync(out, { recursive: true, force: true });
  run("npm", ["exec", "--yes", "--package=prisma@7.8.0", "--", "prisma", "generate", "--schema", schemaWithOutput("v7-8")], "prisma@7.8.0 generate");
  for (const file of fs.readdirSync(out, { recursive: true, withFileTypes: true })) {
    if (!file.isFile() || !file.name.endsWith(".ts")) continue;
    const full = path.join(file.parentPath, file.name);
    fs.writeFileSync(full, fs.readFileSync(full, "utf8").replaceAll("@prisma/client/runtime/", "prisma-client-7-8/runtime/"));
  }
  fs.writeFileSync(path.join(out, STAMP), `${schemaHash()} prisma@7.8.0`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--fixture-7-8")) generateFixture78();
  else console.log(generateCurrentClient());
}
