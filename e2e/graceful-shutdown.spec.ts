import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Browser } from "@playwright/test";
import { drainFigures, drainLoad, splitRequest } from "../tests/support/drain-load";
import { startConsole, type ConsoleProcess } from "./console-process";
import { createApiKey, openDemoResource, revealKey, signIn, uniqueName } from "./support";

// Issue 13, item 1, for the Console's process (scripts/server.mjs, its own embedded database): on
// SIGTERM, 50 keep-alive connections verifying keys on the Console's port and 10 on its gateway
// port lose no request (each is answered or refused before it was sent), a request Next.js is in
// the middle of reading is answered with `Connection: close`, and the exit is 0 with PGlite
// closed. A second SIGTERM cuts a long grace short and the exit is still clean.

let dataDir: string;
let consoleProcess: ConsoleProcess | null = null;

test.describe.configure({ mode: "serial", timeout: 240_000 });
test.use({ storageState: { cookies: [], origins: [] } });

test.beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-drain-"));
});

test.afterEach(() => {
  if (consoleProcess && consoleProcess.child.exitCode === null) consoleProcess.child.kill("SIGKILL");
  consoleProcess = null;
});

test.afterAll(() => {
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const start = (env: Record<string, string> = {}) => startConsole({ PLATFORM_DATA_DIR: dataDir, PLATFORM_DEMO: "1", ...env });

async function keyFrom(browser: Browser, origin: string): Promise<string> {
  const context = await browser.newContext({ baseURL: origin, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page);
  await openDemoResource(page);
  const key = await revealKey(await createApiKey(page, uniqueName("drain")));
  await context.close();
  return key;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return condition();
}

test("SIGTERM under load: 0 requests lost on either port, in-flight requests answered with Connection: close, exit 0", async ({ browser }) => {
  consoleProcess = await start();
  const { origin, port, gatewayPort, child } = consoleProcess;
  const key = await keyFrom(browser, origin);
  const loads = [drainLoad(origin, key, 50), drainLoad(`http://127.0.0.1:${gatewayPort}`, key, 10)];
  expect(await until(() => loads.every((load) => load.warm(5)), 60_000), "every connection got answers before the signal").toBe(true);
  // Next.js is reading this one's body when the signal arrives (a CLI code exchange: its answer is a 422).
  const nextRequest = splitRequest(port, key, "/api/v1/auth/cli/token", JSON.stringify({ code: "x".repeat(40) }));
  const gatewayRequest = splitRequest(port, key);
  await Promise.all([nextRequest.start(), gatewayRequest.start()]);
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const load of loads) load.markSignal();
  child.kill("SIGTERM");
  expect(await until(() => consoleProcess!.output().includes("draining"), 10_000)).toBe(true);
  nextRequest.finish();
  gatewayRequest.finish();

  const [code, ended, nextAnswer, gatewayAnswer] = await Promise.all([
    consoleProcess.exited,
    Promise.all(loads.map((load) => load.ended(30_000))),
    nextRequest.response,
    gatewayRequest.response,
  ]);
  for (const load of loads) load.stop();
  const [consoleFigures, gatewayFigures] = loads.map(drainFigures);
  console.log(`[drain proof, Console] ${JSON.stringify({ console: { ...consoleFigures, failed: consoleFigures!.failed.length }, gateway: { ...gatewayFigures, failed: gatewayFigures!.failed.length } })}`);

  expect(consoleFigures!.failed, "requests lost on the Console's port").toEqual([]);
  expect(gatewayFigures!.failed, "requests lost on the gateway's port").toEqual([]);
  expect(ended).toEqual([true, true]);
  expect([consoleFigures!.endedRefused, gatewayFigures!.endedRefused]).toEqual([50, 10]);
  expect(nextAnswer).toMatch(/^HTTP\/1\.1 422 /);
  expect(nextAnswer).toMatch(/\r\nConnection: close\r\n/i);
  expect(gatewayAnswer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  expect(gatewayAnswer).toMatch(/\r\nConnection: close\r\n/i);
  expect(code, consoleProcess.output()).toBe(0);
  expect(consoleProcess.output()).toMatch(/Drained: answered \d+ requests? in flight, .*, cut 0 connections still open\./);
  expect(consoleProcess.output()).toContain("Stopped cleanly: the database is closed.");
});

test("a second SIGTERM cuts a long grace short; the exit is still clean", async () => {
  consoleProcess = await start({ SHUTDOWN_GRACE_MS: "120000" });
  const stuck = splitRequest(consoleProcess.port, "pcsk_unused");
  await stuck.start();
  await new Promise((resolve) => setTimeout(resolve, 300));
  consoleProcess.child.kill("SIGTERM");
  expect(await until(() => consoleProcess!.output().includes("draining"), 10_000)).toBe(true);
  // The grace holds while a request is open (its own timeout is 30 s) …
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(consoleProcess.child.exitCode).toBeNull();
  // … until the second signal.
  consoleProcess.child.kill("SIGTERM");
  expect(await consoleProcess.exited, consoleProcess.output()).toBe(0);
  expect(consoleProcess.output()).toContain("not waiting for open requests any longer");
  expect(consoleProcess.output()).toContain("cut 1 connection still open");
  expect(consoleProcess.output()).toContain("Stopped cleanly: the database is closed.");
  stuck.destroy();
});
