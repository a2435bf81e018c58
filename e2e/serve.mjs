// Starts the Console for the e2e run on a fresh embedded database: the data folder is removed
// first, so every run sees exactly the seeded demo account and nothing a previous run created.
// SIGTERM/SIGINT are forwarded to the server so that PGlite is closed cleanly before we exit.
// The server's output is also written to e2e/.data/server.log, which the leak canary searches.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// The second Console of the run (playwright.config.ts) has a folder of its own.
const dataDir = path.resolve(root, process.env.E2E_DATA_DIR || path.join("e2e", ".data"));
fs.rmSync(dataDir, { recursive: true, force: true });

// The key gateway gets its own port too, so that an `npm start` on this machine (4466) is left alone.
const env = {
  ...process.env,
  PLATFORM_DATA_DIR: dataDir,
  PORT: process.env.PORT || "3210",
  GATEWAY_PORT: process.env.E2E_GATEWAY_PORT || "3211",
};
// The e2e run always uses the embedded database, whatever the shell has configured.
delete env.DATABASE_URL;
delete env.AUTH_SECRET;

fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
const log = fs.createWriteStream(path.join(dataDir, "server.log"), { flags: "a" });

const child = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], {
  cwd: root,
  env,
  stdio: ["inherit", "pipe", "pipe"],
});
for (const [from, to] of [
  [child.stdout, process.stdout],
  [child.stderr, process.stderr],
]) {
  from.on("data", (chunk) => {
    to.write(chunk);
    log.write(chunk);
  });
}

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
child.on("exit", (code, signal) => log.end(() => process.exit(code ?? (signal ? 1 : 0))));
