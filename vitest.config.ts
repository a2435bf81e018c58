import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Three projects: pure unit tests, and the same integration suite run twice, once against an
// in-memory PGlite and once against a real PostgreSQL server, since the app supports both.
const root = path.dirname(fileURLToPath(import.meta.url));
const integrationFiles = ["tests/integration/**/*.test.ts"];

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // "server-only" throws outside a React Server Components build; tests are server code.
      { find: /^server-only$/, replacement: path.join(root, "tests/support/empty-module.ts") },
    ],
  },
  test: {
    // Integration files wait on the database much of the time, so one more worker than there are
    // cores keeps the CPU busy (PGlite's start-up per file is the CPU-bound part).
    maxWorkers: Math.max(3, availableParallelism()),
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "cli/**/*.test.ts", "tests/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "pglite",
          include: integrationFiles,
          environment: "node",
          env: { DATABASE_URL: "memory://" },
          globalSetup: ["tests/support/accelerate-client/generate-setup.ts"],
          setupFiles: ["tests/support/mocks.ts", "tests/support/setup-pglite.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          include: integrationFiles,
          environment: "node",
          globalSetup: ["tests/support/global-setup-postgres.ts", "tests/support/accelerate-client/generate-setup.ts"],
          setupFiles: ["tests/support/mocks.ts", "tests/support/setup-postgres.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Issue 9's query engine: generated Prisma Clients (tests/support/accelerate-client) against
        // the gateway's Accelerate paths, on PGlite and on two throwaway PostgreSQL databases.
        extends: true,
        test: {
          name: "accelerate",
          include: ["tests/accelerate/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/support/accelerate-client/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Issue 4's proofs: several real processes on PostgreSQL (tests/proofs), run once.
        extends: true,
        test: {
          name: "proofs",
          include: ["tests/proofs/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/support/global-setup-postgres.ts", "tests/support/accelerate-client/generate-setup.ts"],
          setupFiles: ["tests/support/mocks.ts", "tests/support/setup-postgres.ts"],
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
