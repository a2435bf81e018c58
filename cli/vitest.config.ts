// The CLI's unit tests (cli/src/**/*.test.ts): `npx vitest run --config cli/vitest.config.ts`.
// Once the root vitest.config.ts's unit project includes "cli/**/*.test.ts", `npm run test:unit`
// runs them too.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export default defineConfig({
  root,
  resolve: { alias: [{ find: /^@\//, replacement: `${root}/` }] },
  test: { name: "cli", include: ["cli/**/*.test.ts"], environment: "node" },
});
