// `npm start`: everything a fresh clone needs, in order, then the Console on $PORT (default 3000).
//  1. a data folder (git-ignored) with a generated AUTH_SECRET, unless the environment sets one;
//  2. the Prisma client regenerated if schema.prisma changed, and a production build when there is
//     none or the sources changed since the last one;
//  3. pending migrations applied (Prisma's schema engine in WebAssembly, in a child process);
//  4. the server, with a demo account seeded into an empty embedded database (a PostgreSQL server
//     gets one only with PLATFORM_DEMO=1: lib/server/seed-demo-decision.mjs).
// `npm run dev` does the same with Next's dev server instead of steps 2 and the production build.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { dataDirectory, resolveDatabaseTarget } from "../lib/server/database-target.mjs";
import { prepareDemoSeeding } from "../lib/server/seed-demo-decision.mjs";
import { clientIsStale, generateClient } from "../prisma/generate.mjs";
import { buildIsStale, recordBuildFingerprint } from "./build-fingerprint.mjs";
import { startServer } from "./server.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOST || "0.0.0.0";

process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.AUTH_TRUST_HOST ??= "true";

function fail(message) {
  console.error(`\n${message}`);
  process.exit(1);
}

let target;
let demoNote;
try {
  target = resolveDatabaseTarget();
  demoNote = prepareDemoSeeding(process.env, target);
} catch (error) {
  fail(error.message);
}

const dataDir = dataDirectory();
fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
if (!process.env.AUTH_SECRET) {
  const secretFile = path.join(dataDir, "auth-secret");
  if (!fs.existsSync(secretFile)) {
    fs.writeFileSync(secretFile, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  process.env.AUTH_SECRET = fs.readFileSync(secretFile, "utf8").trim();
}

const run = (args, what) => {
  const result = spawnSync(process.execPath, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) fail(`${what} failed (exit code ${result.status}).`);
};

if (clientIsStale()) {
  console.log("Generating the Prisma client (the schema changed)…");
  if (generateClient() !== 0) fail("Generating the Prisma client failed.");
}

if (!dev && buildIsStale(root)) {
  console.log("Building the Console (first start, or the sources changed)…");
  run([path.join(root, "node_modules/next/dist/bin/next"), "build"], "The build");
  recordBuildFingerprint(root);
}

console.log(`Database: ${target.label}`);
run(["--experimental-wasm-modules", "--no-warnings=ExperimentalWarning", "prisma/migrate.mjs"], "Applying migrations");

if (demoNote) console.log(demoNote);
process.env.NODE_ENV = dev ? "development" : "production";
await startServer({ dir: root, port, hostname, dev });
console.log(`\nPlatform Console is ready on http://localhost:${port}  (Ctrl-C to stop)`);
