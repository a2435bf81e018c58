// Runs `prisma generate` without letting Prisma's CLI download its native schema engine, which
// generation does not use (and which cannot be downloaded on machines without general network).
// Imported by the start script too, which regenerates when schema.prisma changed (after a pull).
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const schemaFile = path.join(root, "prisma", "schema.prisma");
const stampFile = path.join(root, "lib", "generated", "prisma", ".schema.sha256");

const schemaHash = () => crypto.createHash("sha256").update(fs.readFileSync(schemaFile)).digest("hex");

export function clientIsStale() {
  return !fs.existsSync(stampFile) || fs.readFileSync(stampFile, "utf8").trim() !== schemaHash();
}

export function generateClient() {
  const require = createRequire(import.meta.url);
  const result = spawnSync(process.execPath, [require.resolve("prisma/build/index.js"), "generate"], {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/false",
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  });
  if (result.status === 0) fs.writeFileSync(stampFile, schemaHash());
  return result.status ?? 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(generateClient());
}
