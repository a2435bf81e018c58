// Starting and stopping the servers under test: the Console with `node scripts/start.mjs` (which
// builds when the sources changed and applies migrations), and the bare baseline server.
import { fork, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

/** A free TCP port, at least 4500 (ports below are left to other work on this machine). */
export async function freePort() {
  for (;;) {
    const port = await new Promise((resolve, reject) => {
      const probe = net.createServer();
      probe.once("error", reject);
      probe.listen(0, "127.0.0.1", () => {
        const { port } = probe.address();
        probe.close(() => resolve(port));
      });
    });
    if (port >= 4500) return port;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForHealth(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** Stops a child with SIGTERM and waits for it to exit (SIGKILL after `graceMs`). */
export async function stopChild(child, graceMs = 15_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * `node scripts/start.mjs` on a free port with the given environment; its output goes to
 * <logDir>/server-<label>.log. Returns { url, child, stop }.
 */
export async function startConsole(root, env, logDir, label) {
  const port = await freePort();
  const logFile = path.join(logDir, `server-${label}.log`);
  const log = fs.openSync(logFile, "a");
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: root,
    env: { ...env, PORT: String(port), HOST: "127.0.0.1", PLATFORM_DEMO: "0" },
    stdio: ["ignore", log, log],
  });
  fs.closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  try {
    // The first start may run `next build` (a minute or two on 2 cores).
    await waitForHealth(`${url}/api/health`, child, 600_000);
  } catch (error) {
    await stopChild(child);
    const tail = fs.readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n");
    throw new Error(`the Console (${label}) did not start: ${error.message}\n--- ${logFile} ---\n${tail}`);
  }
  return { url, child, logFile, stop: () => stopChild(child) };
}

/** The baseline server (./baseline.mjs) in its own process, answering for `digestsFile`. */
export async function startBaseline(digestsFile) {
  const port = await freePort();
  const child = fork(new URL("./baseline.mjs", import.meta.url), [String(port), digestsFile], { stdio: "inherit" });
  await new Promise((resolve, reject) => {
    child.once("message", resolve);
    child.once("exit", (code) => reject(new Error(`the baseline server exited with code ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child, stop: () => stopChild(child) };
}
