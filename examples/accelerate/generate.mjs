// Generates the example's Prisma Client into ./generated from ./schema.prisma, with whatever `prisma`
// resolves from here: this folder's node_modules after `npm install` in it, else the repository's
// own. Nothing is downloaded: generation needs no schema engine (PRISMA_SCHEMA_ENGINE_BINARY=/bin/false).
// Skipped when the schema and the CLI version are those of the last generation (a stamp file).
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const STAMP = path.join(here, "generated", ".generated-from");

export function generateExampleClient() {
  const cli = require.resolve("prisma/build/index.js");
  const version = JSON.parse(fs.readFileSync(require.resolve("prisma/package.json"), "utf8")).version;
  const schema = path.join(here, "schema.prisma");
  const stamp = `${crypto.createHash("sha256").update(fs.readFileSync(schema)).digest("hex")} prisma@${version}`;
  if (fs.existsSync(STAMP) && fs.readFileSync(STAMP, "utf8") === stamp) return;
  const result = spawnSync(process.execPath, [cli, "generate", "--schema", schema], {
    cwd: here,
    encoding: "utf8",
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false", PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
  });
  if (result.status !== 0) throw new Error(`prisma generate failed (exit ${result.status}): ${result.stderr || result.stdout}`);
  fs.writeFileSync(STAMP, stamp);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) generateExampleClient();
