import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect } from "@playwright/test";

// A second Console for the fault specs (drain, database outage, crash recovery): `node
// scripts/start.mjs`, the production build the e2e run made, on ports the system picks (PORT=0,
// GATEWAY_PORT=0), with a clean environment plus what the spec passes.

const root = path.resolve(import.meta.dirname, "..");

export type ConsoleProcess = {
  origin: string;
  port: number;
  gatewayPort: number;
  child: ChildProcess;
  output: () => string;
  /** The exit code (null if killed by a signal), once it exited. */
  exited: Promise<number | null>;
  /** SIGTERM and the exit code. */
  stop: () => Promise<number | null>;
};

export async function startConsole(env: Record<string, string>): Promise<ConsoleProcess> {
  const fullEnv: NodeJS.ProcessEnv = { NODE_ENV: "production", PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", PORT: "0", GATEWAY_PORT: "0", ...env };
  const child = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], { cwd: root, env: fullEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await expect
    .poll(() => /Console listening on http:\/\/localhost:(\d+)/.test(output) || child.exitCode !== null, {
      timeout: 170_000,
      message: `the Console did not start:\n${output}`,
    })
    .toBe(true);
  const port = Number(/Console listening on http:\/\/localhost:(\d+)/.exec(output)?.[1]);
  const gatewayPort = Number(/Key gateway on http:\/\/localhost:(\d+)/.exec(output)?.[1] ?? 0);
  expect(port, output).toBeGreaterThan(0);
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    gatewayPort,
    child,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
