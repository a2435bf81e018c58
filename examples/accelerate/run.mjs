// Runs the example: `npm run example:accelerate` from the repository, or `npm start` in this folder.
// DATABASE_URL comes from the environment or, if unset there, from ./.env (paste the snippet into it).
// The client is generated if needed (./generate.mjs), ./main.ts bundled with esbuild (types are
// checked by `npm run typecheck`), and run.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { generateExampleClient } from "./generate.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const envFile = path.join(here, ".env");
if (!process.env.DATABASE_URL && fs.existsSync(envFile)) process.loadEnvFile(envFile);

generateExampleClient();
const { build } = createRequire(import.meta.url)("esbuild");
const outfile = path.join(here, ".build", "main.mjs");
await build({
  entryPoints: [path.join(here, "main.ts")],
  outfile,
  bundle: true,
  packages: "external",
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
});
await import(pathToFileURL(outfile).href);
