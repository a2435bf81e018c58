// Decides whether `npm start` must rebuild: the build is stale when .next has no build or when any
// source file, config file or the lockfile differs (by content hash) from the last build's.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "public", "prisma/schema.prisma"];
const FILES = ["next.config.ts", "proxy.ts", "instrumentation.ts", "package-lock.json", "postcss.config.mjs", "tsconfig.json"];
const IGNORED = new Set(["node_modules", ".next", "generated"]);

function walk(entry, out) {
  if (!fs.existsSync(entry)) return;
  const stat = fs.statSync(entry);
  if (stat.isFile()) {
    out.push(entry);
    return;
  }
  for (const name of fs.readdirSync(entry).sort()) {
    if (!IGNORED.has(name)) walk(path.join(entry, name), out);
  }
}

function fingerprint(root) {
  const files = [];
  for (const entry of [...SOURCES, ...FILES]) walk(path.join(root, entry), files);
  const hash = crypto.createHash("sha256");
  for (const file of files) {
    hash.update(path.relative(root, file));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest("hex");
}

const stampFile = (root) => path.join(root, ".next", "platform-console-build.sha256");

export function buildIsStale(root) {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID")) || !fs.existsSync(stampFile(root))) return true;
  return fs.readFileSync(stampFile(root), "utf8").trim() !== fingerprint(root);
}

export function recordBuildFingerprint(root) {
  fs.writeFileSync(stampFile(root), fingerprint(root));
}
