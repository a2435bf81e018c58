// Starting and stopping the servers under test: the Console with `node scripts/start.mjs` (which
// builds when the sources changed, applies migrations and starts the key gateway in-process), the
// standalone gateway (`node scripts/gateway/run.mjs`, what `npm run gateway` runs) and the bare
// baseline server. Every child is tracked from the moment it is spawned, so `stopAllChildren` can
// stop it on failure or Ctrl-C even while the bench is still waiting for it to come up.
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

const children = new Set();
/** Tracks a child process, so that stopAllChildren stops it on failure or Ctrl-C. */
export function track(child) {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** Stops every child still running (the bench's cleanup calls this first). */
export async function stopAllChildren() {
  await Promise.all([...children].map((child) => stopChild(child)));
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

const logTail = (logFile) => fs.readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n");

/**
 * `node scripts/start.mjs` with the given environment on a free port, and its key gateway on
 * another free port (GATEWAY_PORT); output goes to <logDir>/server-<label>.log.
 * Returns { url, gatewayUrl, child, stop }.
 */
export async function startConsole(root, env, logDir, label) {
  const port = await freePort();
  let gatewayPort = await freePort();
  while (gatewayPort === port) gatewayPort = await freePort();
  const logFile = path.join(logDir, `server-${label}.log`);
  const log = fs.openSync(logFile, "a");
  const child = track(
    spawn(process.execPath, ["scripts/start.mjs"], {
      cwd: root,
      env: { ...env, PORT: String(port), GATEWAY_PORT: String(gatewayPort), HOST: "127.0.0.1", PLATFORM_DEMO: "0" },
      stdio: ["ignore", log, log],
    }),
  );
  fs.closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  try {
    // The first start may run `next build` (a minute or two on 2 cores). The gateway listens
    // before Next.js is ready, so once the Console answers the gateway should too.
    await waitForHealth(`${url}/api/health`, child, 600_000);
    await waitForHealth(`${gatewayUrl}/health`, child, 10_000);
  } catch (error) {
    await stopChild(child);
    throw new Error(`the Console (${label}) did not start: ${error.message}\n--- ${logFile} ---\n${logTail(logFile)}`);
  }
  return { url, gatewayUrl, child, logFile, stop: () => stopChild(child) };
}

/**
 * The standalone gateway (`node scripts/gateway/run.mjs`) with the given environment (it needs a
 * PostgreSQL DATABASE_URL). GATEWAY_PORT=0 lets it bind a free port itself, which it reports over
 * the IPC channel once listening: no race with another process for a probed port.
 * Output goes to <logDir>/gateway-<label>.log; `execArgv` are Node's own options (e.g. --cpu-prof).
 * Returns { url, child, stop }.
 */
export async function startGateway(root, env, logDir, label, execArgv = []) {
  const logFile = path.join(logDir, `gateway-${label}.log`);
  const log = fs.openSync(logFile, "a");
  const child = track(
    fork(path.join(root, "scripts/gateway/run.mjs"), [], {
      cwd: root,
      env: { ...env, GATEWAY_PORT: "0", GATEWAY_HOST: "127.0.0.1" },
      execArgv,
      stdio: ["ignore", log, log, "ipc"],
    }),
  );
  fs.closeSync(log);
  let port;
  try {
    port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("it did not report a port within 60 s")), 60_000);
      child.once("message", (message) => {
        clearTimeout(timer);
        resolve(message.port);
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`it exited with code ${code}`));
      });
    });
    await waitForHealth(`http://127.0.0.1:${port}/health`, child, 10_000);
  } catch (error) {
    await stopChild(child);
    throw new Error(`the standalone gateway (${label}) did not start: ${error.message}\n--- ${logFile} ---\n${logTail(logFile)}`);
  }
  return { url: `http://127.0.0.1:${port}`, child, logFile, stop: () => stopChild(child) };
}

/** The baseline server (./baseline.mjs) in its own process, answering for `digestsFile`. */
export async function startBaseline(digestsFile) {
  const port = await freePort();
  const child = track(fork(new URL("./baseline.mjs", import.meta.url), [String(port), digestsFile], { stdio: "inherit" }));
  await new Promise((resolve, reject) => {
    child.once("message", resolve);
    child.once("exit", (code) => reject(new Error(`the baseline server exited with code ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child, stop: () => stopChild(child) };
}
