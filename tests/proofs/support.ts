import { fork, type ChildProcess } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { expect } from "vitest";

// Helpers for the proofs: real gateway processes (`npm run gateway`'s script) and a steady load
// that records when each verification started and what it got.

const root = path.resolve(import.meta.dirname, "../..");

export type GatewayProcess = {
  url: string;
  /** The listener's id, and the name in the process's transaction ids and gateway_instance cookie. */
  instanceId: string;
  instanceName: string;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
};

/** `node scripts/gateway/run.mjs` against `databaseUrl`, on a free port. */
export async function startGatewayProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<GatewayProcess> {
  const child = fork(path.join(root, "scripts/gateway/run.mjs"), [], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, GATEWAY_PORT: "0", GATEWAY_HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const { port, instanceId, instanceName } = await new Promise<{ port: number; instanceId: string; instanceName: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gateway did not start:\n${output}`)), 30_000);
    child.once("message", (message: { port: number; instanceId: string; instanceName: string }) => {
      clearTimeout(timer);
      resolve(message);
    });
    child.once("exit", (code) => reject(new Error(`the gateway exited with code ${code}:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    instanceId,
    instanceName,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** `startedAt`: performance.now(); `wallAt`: Date.now() at the same moment (for instants such as an expiry). */
export type Sample = { target: string; startedAt: number; wallAt: number; status: number };

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** POST /api/v1/keys/verify (from `localAddress` if given); status 0 when the request itself failed. */
export function verifyOnce(url: string, key: string, localAddress?: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.request(
      `${url}/api/v1/keys/verify`,
      { method: "POST", ...(localAddress ? { agent: false, localAddress } : { agent }), headers: { "content-type": "application/json" } },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", () => resolve(0));
    request.end(JSON.stringify({ key }));
  });
}

/**
 * Keeps `perTarget` verification loops running against each target until `stop()`; every sample
 * records when its request started (performance.now(), this process's monotonic clock).
 */
export function steadyLoad(targets: string[], key: string, perTarget = 4) {
  const samples: Sample[] = [];
  let running = true;
  const loops = targets.flatMap((target) =>
    Array.from({ length: perTarget }, async () => {
      while (running) {
        const startedAt = performance.now();
        const wallAt = Date.now();
        const status = await verifyOnce(target, key);
        samples.push({ target, startedAt, wallAt, status });
      }
    }),
  );
  return {
    samples,
    async stop() {
      running = false;
      await Promise.all(loops);
      return samples;
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type Health = {
  instanceId: string | null;
  instanceName: string | null;
  cache: { enabled: boolean; keys: number };
  queries: { pools: number; transactions: number } | null;
};

export async function health(url: string): Promise<Health> {
  return (await fetch(`${url}/health`)).json();
}

/** Counts of each status, per target, among the samples that match `filter`. */
export function tally(samples: Sample[], filter: (sample: Sample) => boolean): Record<string, Record<number, number>> {
  const out: Record<string, Record<number, number>> = {};
  for (const sample of samples.filter(filter)) {
    const counts = (out[sample.target] ??= {});
    counts[sample.status] = (counts[sample.status] ?? 0) + 1;
  }
  return out;
}

/**
 * Verifies `key` on each gateway until its cache holds it. Polled: on a machine busy with other
 * work a gateway may briefly stop caching (its heartbeat lease ran out) and read the database.
 */
export async function warmCaches(urls: string[], key: string): Promise<void> {
  for (const url of urls) {
    await expect
      .poll(
        async () => {
          expect(await verifyOnce(url, key)).toBe(200);
          return (await health(url)).cache.keys;
        },
        { timeout: 10_000, interval: 100 },
      )
      .toBeGreaterThanOrEqual(1);
  }
}

/** Waits (at most `timeoutMs`) until each target has at least `count` samples that match. */
export async function untilEach(samples: Sample[], targets: string[], match: (sample: Sample) => boolean, count: number, timeoutMs = 15_000) {
  const enough = () => targets.every((target) => samples.filter((sample) => sample.target === target && match(sample)).length >= count);
  const deadline = performance.now() + timeoutMs;
  while (!enough() && performance.now() < deadline) await sleep(20);
}
