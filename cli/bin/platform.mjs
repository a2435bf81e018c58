#!/usr/bin/env node
// The `platform` command. The CLI itself is the bundle cli/dist/platform.mjs (see cli/build.mjs);
// in a fresh clone, or after cli/src or the shared lib/ code changed, it is (re)built first.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { fileURLToPath } from "node:url";

const bundle = new URL("../dist/platform.mjs", import.meta.url);

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** Newest modification time of the sources the bundle is made from; 0 when they are not here. */
function newestSource() {
  let newest = 0;
  const visit = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = `${dir}/${entry.name}`;
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) newest = Math.max(newest, mtime(full));
    }
  };
  for (const dir of ["../src", "../../lib/schemas", "../../lib/keys"]) visit(fileURLToPath(new URL(dir, import.meta.url)));
  return Math.max(newest, mtime(fileURLToPath(new URL("../../lib/ids.ts", import.meta.url))));
}

const built = mtime(fileURLToPath(bundle));
if (built === 0 || newestSource() > built) {
  const result = spawnSync(process.execPath, [fileURLToPath(new URL("../build.mjs", import.meta.url)), "--quiet"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (result.status !== 0) {
    process.stderr.write("Could not build the platform CLI (node cli/build.mjs failed; is esbuild installed?).\n");
    process.exit(1);
  }
}

const { main } = await import(bundle.href);
process.exitCode = await main(process.argv.slice(2));
