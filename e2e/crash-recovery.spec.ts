import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startConsole } from "./console-process";

// Issue 13, item 4: a Console on its embedded database (PGlite) is killed with SIGKILL; the next
// start says, in one line, that PGlite ran crash recovery. A clean stop (SIGTERM: drained, PGlite
// closed) and start says nothing of the kind.

const RECOVERY_LINE = /PGlite ran crash recovery: the embedded database in .+ was not shut down cleanly/;
const recoveryLines = (output: string) => output.split("\n").filter((line) => RECOVERY_LINE.test(line));
let dataDir: string;

test.describe.configure({ mode: "serial", timeout: 300_000 });

test.beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-crash-"));
});

test.afterAll(() => {
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const start = () => startConsole({ PLATFORM_DATA_DIR: dataDir, PLATFORM_DEMO: "0", GATEWAY_PORT: "off" });

test("kill -9, then start: one line says PGlite ran crash recovery; a clean stop and start: none", async () => {
  const first = await start();
  expect(recoveryLines(first.output())).toEqual([]);
  // Open, PGlite's pg_control says "in production" until it is closed: SIGKILL leaves it so.
  expect((await fetch(`${first.origin}/api/health`)).status).toBe(200);
  first.child.kill("SIGKILL");
  expect(await first.exited).toBeNull();

  const afterCrash = await start();
  expect((await fetch(`${afterCrash.origin}/api/health`)).status).toBe(200);
  const lines = recoveryLines(afterCrash.output());
  console.log(`[crash recovery proof] after kill -9: ${JSON.stringify(lines)}`);
  expect(lines).toHaveLength(1);
  expect(await afterCrash.stop()).toBe(0);
  expect(afterCrash.output()).toContain("Stopped cleanly: the database is closed.");

  const afterCleanStop = await start();
  expect((await fetch(`${afterCleanStop.origin}/api/health`)).status).toBe(200);
  expect(recoveryLines(afterCleanStop.output())).toEqual([]);
  expect(await afterCleanStop.stop()).toBe(0);
});
