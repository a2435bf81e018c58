import { defineConfig, devices } from "@playwright/test";

// The e2e suite runs against a production build (`npm start`) on its own port with a fresh
// embedded database per run (see e2e/serve.mjs). PGlite is a single process with a single
// connection, so the specs run in one worker.
const PORT = Number(process.env.E2E_PORT || 3210);
const baseURL = `http://localhost:${PORT}`;


export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: "list",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    ...devices["Desktop Chrome"],
    launchOptions: {
      // Playwright cannot download its own browser here; Debian's chromium package is used instead.
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
    permissions: ["clipboard-read", "clipboard-write"],
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    {
      name: "chromium",
      testMatch: /.*\.spec\.ts/,
      dependencies: ["setup"],
      use: { storageState: "e2e/.auth/demo.json" },
    },
  ],
  webServer: {
    command: "node e2e/serve.mjs",
    url: `${baseURL}/api/health`,
    env: { PORT: String(PORT) },
    // The first start builds the app (about a minute on two cores).
    timeout: 240_000,
    reuseExistingServer: !process.env.CI,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
