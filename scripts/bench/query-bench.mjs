// The query rows of `npm run bench` (issue 9): a throwaway app database on the bench's PostgreSQL
// server, its connection string stored (encrypted) on the bench's resource, `npm run gateway` on the
// Console database with that resource's key, and ./queries.ts (bundled here) as the load generator:
// the same Prisma Client through the gateway and on a direct @prisma/adapter-pg connection.
// BENCH_PROFILE=<folder> also writes CPU profiles of the gateway process and of the load generator
// there (node --cpu-prof); `node scripts/bench/profile-summary.mjs <file>` says where the time went.
// BENCH_QUERY_CASES=findMany20.concurrent,… runs only those cases (for profiling one of them);
// BENCH_POOL_SIZE=<n> changes both pools (default 10, the gateway's default).
import { fork, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { generateCurrentClient } from "../../tests/support/accelerate-client/generate.mjs";
import autocannon from "autocannon";
import { processCpuMs } from "./cpu.mjs";
import { createPostgresDatabase } from "./seed.mjs";
import { startGateway, track } from "./servers.mjs";

export const QUERY_SETTINGS = {
  /** Connections: the gateway's pool (GATEWAY_POOL_SIZE) and the direct client's (PrismaPg max). */
  poolSize: Number(process.env.BENCH_POOL_SIZE ?? 10),
  concurrency: 32,
  /** Each case runs `rounds` × (a direct slice, then a gateway slice). */
  rounds: 3,
  sliceMs: 1_500,
  sequentialPerSlice: 400,
  /** Replays of the client's captured requests (autocannon): seconds, after a 1 s warm-up. */
  replayS: 4,
};

/**
 * The gateway alone: autocannon replays the exact request Prisma Client sent (same headers and
 * body), at the same concurrency, so neither the client's CPU nor its event loop is in the figure.
 */
async function replay(request, gatewayPid) {
  const options = { url: request.url, method: request.method, headers: request.headers, body: request.body, connections: QUERY_SETTINGS.concurrency };
  await autocannon({ ...options, duration: 1 });
  const before = processCpuMs(gatewayPid);
  const result = await autocannon({ ...options, duration: QUERY_SETTINGS.replayS });
  const after = processCpuMs(gatewayPid);
  const responses = Object.values(result.statusCodeStats).reduce((sum, { count }) => sum + count, 0);
  const ok = result.statusCodeStats[200]?.count ?? 0;
  return {
    reqPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + (responses - ok),
    gatewayCpuMsPerRequest: before === null || after === null || responses === 0 ? null : Math.round(((after - before) / responses) * 1000) / 1000,
  };
}

/**
 * Usage recording's cost (issue 10): the same replayed request against this gateway (recording on)
 * and a second `npm run gateway` with GATEWAY_USAGE=off, alternating (on, off, ×rounds), so both see
 * the same machine. The on process flushes every 5 s as in production.
 */
async function usageOverhead(request, on, off, rounds = 4, seconds = 3) {
  const target = (base) => {
    const url = new URL(request.url);
    url.port = new URL(base).port;
    return url.toString();
  };
  const run = (url, duration) =>
    autocannon({ url, method: request.method, headers: request.headers, body: request.body, connections: QUERY_SETTINGS.concurrency, duration });
  await run(target(off.url), 2); // the off process's warm-up (the on one is warm)
  // Throughput moves with whatever else the machine runs; the gateway's own CPU time per request
  // (from /proc) much less, so both are reported.
  const totals = { on: 0, off: 0, errors: 0, cpu: { on: 0, off: 0 }, requests: { on: 0, off: 0 } };
  for (let round = 0; round < rounds; round++) {
    // Which goes first alternates too, so neither always follows the other's load.
    const order = round % 2 ? [["off", off], ["on", on]] : [["on", on], ["off", off]];
    for (const [name, gateway] of order) {
      const before = processCpuMs(gateway.child.pid);
      const result = await run(target(gateway.url), seconds);
      const after = processCpuMs(gateway.child.pid);
      totals[name] += result.requests.average / rounds;
      totals.errors += result.errors + result.non2xx;
      if (before !== null && after !== null) totals.cpu[name] += after - before;
      totals.requests[name] += result.requests.total;
    }
  }
  const perRequest = (name) => (totals.requests[name] ? Math.round((totals.cpu[name] / totals.requests[name]) * 10_000) / 10_000 : null);
  return {
    onReqPerSec: Math.round(totals.on),
    offReqPerSec: Math.round(totals.off),
    onCpuMsPerRequest: perRequest("on"),
    offCpuMsPerRequest: perRequest("off"),
    errors: totals.errors,
    rounds,
    seconds,
  };
}

async function bundle(root) {
  generateCurrentClient();
  // Beside the project's packages, which the bundle imports (they stay external).
  const outfile = path.join(root, "node_modules", ".bench", "queries.mjs");
  await build({
    absWorkingDir: root,
    entryPoints: [path.join(root, "scripts/bench/queries.ts")],
    outfile,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    tsconfig: path.join(root, "tsconfig.json"),
    logLevel: "warning",
  });
  return outfile;
}

function measure(script, input, execArgv, log) {
  const child = track(fork(script, ["measure"], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] }));
  return new Promise((resolve, reject) => {
    child.on("message", (message) => {
      if (message.ready) child.send(input);
      else if (message.progress) log(`  ${message.progress}`);
      else if (message.results) resolve(message);
      else if (message.error) reject(new Error(`the load generator failed: ${message.error}`));
    });
    child.once("exit", (code) => code !== 0 && reject(new Error(`the load generator exited with code ${code}`)));
  });
}

/**
 * Runs the query cases; `env` is the Console database's environment (DATABASE_URL), `data` the
 * seeded ids and key. Registers the app database's drop in `cleanups`.
 */
export async function benchQueries({ root, env, data, adminUrl, tmp, log, cleanups }) {
  const script = await bundle(root);
  const app = await createPostgresDatabase(adminUrl);
  cleanups.push(app.drop);
  const encryptionKey = randomBytes(32).toString("base64");
  const setupFile = path.join(tmp, "queries-setup.json");
  const schemaSql = fs.readFileSync(path.join(root, "tests/support/accelerate-client/schema.sql"), "utf8");
  fs.writeFileSync(setupFile, JSON.stringify({ appUrl: app.url, consoleUrl: env.DATABASE_URL, resourceId: data.resourceId, encryptionKey, schemaSql }));
  const setup = spawnSync(process.execPath, [script, "setup", setupFile], { encoding: "utf8" });
  fs.rmSync(setupFile);
  if (setup.status !== 0) throw new Error(`query bench setup failed: ${setup.stderr}`);
  log(`queries: app database ${app.name} (1,000 users, 2,000 posts), its connection string stored on ${data.resourceId}`);

  const profileDir = process.env.BENCH_PROFILE ? path.resolve(process.env.BENCH_PROFILE) : null;
  const profile = (name) => (profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`] : []);
  const gateway = await startGateway(
    root,
    { ...env, PLATFORM_ENCRYPTION_KEY: encryptionKey, GATEWAY_POOL_SIZE: String(QUERY_SETTINGS.poolSize) },
    tmp,
    "queries",
    profile("gateway"),
  );
  const port = new URL(gateway.url).port;
  log(`queries: npm run gateway on ${gateway.url} (pid ${gateway.child.pid}); ` +
    `${QUERY_SETTINGS.rounds} × alternating ${QUERY_SETTINGS.sliceMs / 1000} s / ${QUERY_SETTINGS.sequentialPerSlice}-query slices per case`);
  try {
    const { results, captured } = await measure(script, {
      ...QUERY_SETTINGS,
      appUrl: app.url,
      gatewayUrl: `prisma+postgres://127.0.0.1:${port}/?api_key=${data.validKey}`,
      gatewayPid: gateway.child.pid,
      stubScript: path.join(root, "scripts/bench/stub-gateway.mjs"),
      cases: process.env.BENCH_QUERY_CASES ? process.env.BENCH_QUERY_CASES.split(",").map((name) => name.trim()) : null,
    }, profile("client"), log);
    const replays = {};
    for (const [name, request] of Object.entries(captured)) {
      replays[name] = await replay(request, gateway.child.pid);
      log(`  ${name} replayed by autocannon: ${replays[name].reqPerSec} req/s, p50 ${replays[name].p50Ms} ms, ` +
        `gateway CPU ${replays[name].gatewayCpuMsPerRequest} ms/request`);
    }
    // A second gateway without usage recording, for the overhead row.
    const off = await startGateway(
      root,
      { ...env, PLATFORM_ENCRYPTION_KEY: encryptionKey, GATEWAY_POOL_SIZE: String(QUERY_SETTINGS.poolSize), GATEWAY_USAGE: "off" },
      tmp,
      "queries-usage-off",
    );
    let usage;
    try {
      usage = await usageOverhead(captured.findUnique, gateway, off);
      log(`  usage recording: findUnique replayed on ${usage.onReqPerSec} req/s vs off ${usage.offReqPerSec} req/s; ` +
        `gateway CPU ${usage.onCpuMsPerRequest} vs ${usage.offCpuMsPerRequest} ms/request (${usage.errors} errors)`);
    } finally {
      await off.stop();
    }
    return { settings: QUERY_SETTINGS, results, replays, usage };
  } finally {
    await gateway.stop();
    if (profileDir) log(`queries: the gateway's CPU profile is in ${profileDir}`);
  }
}
