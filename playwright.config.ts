import { defineConfig, devices } from "@playwright/test";

// The e2e suite runs against production builds (`npm start`) on fresh embedded databases (see
// e2e/serve.mjs). PGlite is one process with one connection, and the specs share the demo
// account's data, so each Console serves one worker. There are two: the specs that look at every
// page and dialog (axe, themes: the slowest, and they only add keys of their own) run against a
// second Console with its own database, in parallel with the rest.
const PORT = Number(process.env.E2E_PORT || 3210);
const GATEWAY_PORT = Number(process.env.E2E_GATEWAY_PORT || 3211);
const baseURL = `http://localhost:${PORT}`;
const PORT_B = PORT + 20;
const baseURLB = `http://localhost:${PORT_B}`;
const SECOND_CONSOLE_SPECS = /(accessibility|theme)\.spec\.ts$/;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 2,
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
    { name: "setup-b", testMatch: /auth\.setup\.ts/, use: { baseURL: baseURLB } },
    {
      name: "chromium",
      testMatch: /.*\.spec\.ts/,
      testIgnore: SECOND_CONSOLE_SPECS,
      dependencies: ["setup"],
      workers: 1,
      use: { storageState: "e2e/.auth/demo.json" },
    },
    {
      name: "chromium-b",
      testMatch: SECOND_CONSOLE_SPECS,
      dependencies: ["setup-b"],
      workers: 1,
      use: { baseURL: baseURLB, storageState: "e2e/.auth/demo-b.json" },
    },
  ],
  // Started one after the other: the first builds the app if needed, the second finds it built.
  webServer: [consoleServer(PORT, GATEWAY_PORT, "e2e/.data"), consoleServer(PORT_B, GATEWAY_PORT + 20, "e2e/.data-b")],
});

function consoleServer(port: number, gatewayPort: number, dataDir: string) {
  return {
    command: "node e2e/serve.mjs",
    url: `http://localhost:${port}/api/health`,
    env: { PORT: String(port), E2E_GATEWAY_PORT: String(gatewayPort), E2E_DATA_DIR: dataDir },
    // The first start builds the app (about a minute on two cores).
    timeout: 240_000,
    reuseExistingServer: !process.env.CI,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 15_000 },
  };
}
