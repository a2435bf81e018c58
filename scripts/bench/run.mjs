// `npm run bench`: measures what exists today, in one run, each figure next to its baseline and the
// targets of issue 4. See README "Performance". Steps, for PGlite and then PostgreSQL:
//   fresh data folder (and a throwaway PostgreSQL database) → migrations → seed rows directly →
//   `node scripts/start.mjs` on a free port, its key gateway on another (GATEWAY_PORT), failed-
//   verification limiter relaxed → autocannon on the gateway's POST /api/v1/keys/verify → the API
//   Keys tab, the create-key round trip and `platform apikey show` (on PGlite also Lighthouse on the
//   API Keys tab with 50 keys, ./lighthouse.mjs) → SIGTERM.
// Then, for PostgreSQL only (PGlite lives inside the Console's process), the standalone gateway
// (`node scripts/gateway/run.mjs`): the valid key with the limiter relaxed, then, in a second
// process with the default limiter, the valid key again and the limiter's 429s.
// The baseline (bare node:http + SHA-256 + Map) runs first, alone. Last, on PostgreSQL, the query
// rows of issue 9 (./query-bench.mjs): Prisma Client through `npm run gateway` and on a direct
// connection to the same throwaway app database. `npm run bench -- --queries` runs only those.
// Everything is removed at the end, also on failure or Ctrl-C.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateSecret } from "./keys.mjs";
import {
  CONNECTIONS, DURATION_S, apiKeysPage, createKey, listKeys, runNode, signIn, timeMedian, verifyLoad,
} from "./measure.mjs";
import { formatLighthouse, measureLighthouse } from "./lighthouse.mjs";
import { benchQueries } from "./query-bench.mjs";
import { TARGETS, buildRows, formatNotes, formatTable, writeResults } from "./report.mjs";
import { QUERY_NOTES, QUERY_TARGETS, buildQueryRows, formatCpuTable } from "./query-report.mjs";
import { KEY_COUNT, createPostgresDatabase, migrate, seed } from "./seed.mjs";
import { startBaseline, startConsole, startGateway, stopAllChildren } from "./servers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const adminUrl = process.env.BENCH_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "platform-bench-"));
const log = (message) => console.log(`[bench] ${message}`);
const queriesOnly = process.argv.includes("--queries");

// Cleanup stops every server this run started first (before their database is dropped), then runs
// the other steps last-in first-out; on success, failure or Ctrl-C.
const cleanups = [];
let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  await stopAllChildren().catch((error) => console.error(`[bench] cleanup: ${error.message}`));
  while (cleanups.length) {
    const step = cleanups.pop();
    try {
      await step();
    } catch (error) {
      console.error(`[bench] cleanup: ${error.message}`);
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    console.error(`\n[bench] ${signal}: cleaning up…`);
    void cleanup().finally(() => process.exit(130));
  });
}

const CASES = { valid: 200, unknown: 401, malformed: 401 };
const unknownKey = generateSecret("pcsk_").plaintext; // right format and checksum, never stored
const MALFORMED = "pcsk_nope";

// autocannon sends everything from 127.0.0.1, so with the default limiter (a burst of 20 failed
// verifications, then 1/s per address) the unknown and malformed rows would measure 429s. Relaxed,
// they measure the verification path; the limiter itself gets its own row (standalone gateway).
const RELAXED_LIMITER = { GATEWAY_FAILED_VERIFY_BURST: "1000000000", GATEWAY_FAILED_VERIFY_PER_SECOND: "1000000000" };
const NOTES = [
  "Console rows: POST /api/v1/keys/verify on the gateway port (GATEWAY_PORT) of `node scripts/start.mjs`; " +
    "limiter relaxed to measure the verification path (GATEWAY_FAILED_VERIFY_BURST and _PER_SECOND = 1e9).",
  "`npm run gateway` rows: `node scripts/gateway/run.mjs` alone on the PostgreSQL database, after the Console " +
    "has stopped: one process with the limiter relaxed (as above), then one with the default limiter " +
    "(burst 20, 1/s per address): the valid key, the unknown key (which empties the bucket), then the valid key " +
    "again from the same address with its bucket empty: a valid key is never refused, so that row must be all 200.",
  "Limiter row: an unknown key from one address with the default limiter; the figure is 429 answers per second " +
    "(the 401s are the bucket's refill). The repeated unknown key is answered from the negative cache: no query.",
];

async function verifyCases(url, validKey) {
  const out = {};
  for (const [name, status] of Object.entries(CASES)) {
    const key = name === "valid" ? validKey : name === "unknown" ? unknownKey : MALFORMED;
    out[name] = await verifyLoad(url, key, status);
    log(`  ${name.padEnd(9)} ${out[name].reqPerSec} req/s, p50 ${out[name].p50Ms} ms, p99 ${out[name].p99Ms} ms`);
  }
  return out;
}

/** Seeds one database, then starts the Console on it and measures everything. */
async function benchDatabase(db, env, data, results) {
  log(`${db}: starting the Console (the first start may build it first)…`);
  const server = await startConsole(root, { ...env, ...RELAXED_LIMITER }, tmp, db);
  log(`${db}: Console on ${server.url}, gateway on ${server.gatewayUrl} (limiter relaxed); ` +
    `key verification, ${CONNECTIONS} connections, ${DURATION_S} s per case`);
  results.verification[db] = await verifyCases(server.gatewayUrl, data.validKey);

  const cookie = await signIn(server.url, data.email, data.password);
  const pagePath = `/${data.workspaceId}/${data.projectId}/${data.resourceId}/api-keys`;
  const page = await timeMedian(20, 2, () => apiKeysPage(server.url, pagePath, cookie, `bench-key-${KEY_COUNT - 1}`));
  // Created after the page is timed, so the page sees exactly KEY_COUNT keys.
  const create = await timeMedian(20, 2, (i) => createKey(server.url, data.resourceId, data.token, `bench-create-${i}`));
  results.console[db] = { apiKeysPage: { ...page, keys: KEY_COUNT, path: "/<wksp>/<proj>/<env>/api-keys" }, createKey: create };
  log(`${db}: API Keys tab median ${page.medianMs} ms, create key median ${create.medianMs} ms`);

  // The CLI lists a resource with 5 keys: one request, so "node + one request" is the fair bound.
  const request = await timeMedian(10, 2, () => listKeys(server.url, data.cliResourceId, data.token));
  const cliEnv = { ...process.env, NO_COLOR: "1", XDG_CONFIG_HOME: path.join(tmp, "xdg") };
  const args = ["cli/bin/platform.mjs", "apikey", "show", "-e", data.cliResourceId, "--url", server.url, "--token", data.token];
  const show = await timeMedian(10, 1, () => runNode(root, args, cliEnv));
  results.cli[db] = { requestMs: request.medianMs, request, apikeyShow: show };
  log(`${db}: platform apikey show median ${show.medianMs} ms (one request ${request.medianMs} ms)`);

  // Lighthouse once, on the embedded database (the page is the same on either database).
  if (db === "pglite") {
    log(`${db}: Lighthouse (mobile) on the API Keys tab of a resource with 50 keys…`);
    const lighthouseUrl = `${server.url}/${data.workspaceId}/${data.projectId}/${data.lighthouseResourceId}/api-keys`;
    results.lighthouse = await measureLighthouse(lighthouseUrl, cookie, { log });
  }

  await server.stop();
}

/**
 * PostgreSQL only, once the Console has stopped: the standalone gateway, first with the limiter
 * relaxed (the valid key, comparable with the Console rows), then with its defaults (the valid key
 * again, then the limiter's 429s). Each process is stopped before the next one starts.
 */
async function benchStandaloneGateway(env, data, results) {
  log("postgres: standalone gateway (node scripts/gateway/run.mjs), limiter relaxed…");
  const relaxed = await startGateway(root, { ...env, ...RELAXED_LIMITER }, tmp, "postgres-relaxed");
  const valid = await verifyLoad(relaxed.url, data.validKey, 200);
  log(`  valid     ${valid.reqPerSec} req/s, p50 ${valid.p50Ms} ms, p99 ${valid.p99Ms} ms`);
  results.verification["postgres-gateway"] = { valid };
  await relaxed.stop();

  log("postgres: standalone gateway, default limiter…");
  const defaults = await startGateway(root, env, tmp, "postgres-defaults");
  // The valid key, then the unknown key until the bucket is empty, then the valid key again: only
  // failures are refused, so any 429 for the valid key shows up as "unexpected status" in the table.
  const validDefaults = await verifyLoad(defaults.url, data.validKey, 200);
  log(`  valid     ${validDefaults.reqPerSec} req/s, p50 ${validDefaults.p50Ms} ms, p99 ${validDefaults.p99Ms} ms ` +
    `(statuses ${JSON.stringify(validDefaults.statusCodes)})`);
  const limited = await verifyLoad(defaults.url, unknownKey, [429, 401]);
  log(`  limiter   ${limited.perSecond} × 429/s, p50 ${limited.p50Ms} ms, p99 ${limited.p99Ms} ms ` +
    `(statuses ${JSON.stringify(limited.statusCodes)})`);
  const validEmptyBucket = await verifyLoad(defaults.url, data.validKey, 200);
  log(`  valid, bucket empty ${validEmptyBucket.reqPerSec} req/s, p50 ${validEmptyBucket.p50Ms} ms, p99 ${validEmptyBucket.p99Ms} ms ` +
    `(statuses ${JSON.stringify(validEmptyBucket.statusCodes)})`);
  results.verification["postgres-gateway-defaults"] = { valid: validDefaults, limited };
  results.verification["postgres-gateway-empty-bucket"] = { valid: validEmptyBucket };
  await defaults.stop();
}

async function main() {
  const cpus = os.cpus();
  const results = {
    machine: { cpus: cpus.length, cpuModel: cpus[0]?.model, memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
    date: new Date().toISOString(),
    settings: {
      connections: CONNECTIONS, durationS: DURATION_S, warmupS: 1, keysOnResource: KEY_COUNT, targets: TARGETS,
      limiter: { console: RELAXED_LIMITER, "postgres-gateway": RELAXED_LIMITER, "postgres-gateway-defaults": "defaults (burst 20, 1/s)" },
    },
    notes: queriesOnly ? [] : [...NOTES],
    verification: {},
    queries: null,
    console: {},
    cli: {},
    skipped: [],
  };
  log(`machine: ${results.machine.cpus} cores, Node ${process.version}; temp folder ${tmp}`);

  if (!queriesOnly) {
    results.cli.nodeE0 = await timeMedian(10, 1, () => runNode(root, ["-e", "0"]));
    log(`node -e 0: median ${results.cli.nodeE0.medianMs} ms`);
  }

  const databases = queriesOnly ? [] : [["pglite", null]];
  try {
    const pgdb = await createPostgresDatabase(adminUrl);
    cleanups.push(pgdb.drop);
    databases.push(["postgres", pgdb.url]);
    log(`postgres: throwaway database ${pgdb.name}`);
  } catch (error) {
    results.skipped.push(`PostgreSQL: ${error.message}`);
    log(`PostgreSQL skipped (${adminUrl} unreachable: ${error.message})`);
  }

  const seeded = [];
  for (const [db, url] of databases) {
    const env = { ...process.env, PLATFORM_DATA_DIR: path.join(tmp, db), NEXT_TELEMETRY_DISABLED: "1" };
    delete env.DATABASE_URL;
    delete env.AUTH_SECRET;
    // The bench decides the gateway's port and limiter; none of the caller's GATEWAY_* may leak in.
    for (const name of Object.keys(env)) if (name.startsWith("GATEWAY_")) delete env[name];
    if (url) env.DATABASE_URL = url;
    fs.mkdirSync(env.PLATFORM_DATA_DIR, { recursive: true });
    migrate(root, env);
    const data = await seed(env);
    log(`${db}: migrated and seeded (${KEY_COUNT} keys on one environment, 5 on another, a personal access token)`);
    seeded.push([db, env, data]);
  }

  if (!queriesOnly) {
    // The baseline alone on the machine, with the first database's keys in its Map.
    const digestsFile = path.join(tmp, "digests.json");
    fs.writeFileSync(digestsFile, JSON.stringify(seeded[0][2].digests));
    const baseline = await startBaseline(digestsFile);
    log(`baseline: bare node:http + SHA-256 + Map on ${baseline.url}`);
    results.verification.baseline = await verifyCases(baseline.url, seeded[0][2].validKey);
    await baseline.stop();

    for (const [db, env, data] of seeded) {
      await benchDatabase(db, env, data, results);
      if (env.DATABASE_URL) await benchStandaloneGateway(env, data, results);
    }
  }

  // Issue 9's query rows, last: on PostgreSQL only (a real app database and `npm run gateway`).
  const postgres = seeded.find(([, env]) => env.DATABASE_URL);
  if (postgres) {
    const [, env, data] = postgres;
    log("queries: Prisma Client through npm run gateway vs direct (@prisma/adapter-pg), one app database…");
    results.queries = await benchQueries({ root, env, data, adminUrl, tmp, log, cleanups });
  } else results.skipped.push("query rows: they need PostgreSQL");

  const rows = [...buildRows(results), ...(results.queries ? buildQueryRows(results.queries) : [])];
  results.notes.push(...QUERY_NOTES);
  results.settings.queryTargets = QUERY_TARGETS;
  const file = writeResults(path.join(here, "results"), results, rows);
  if (!queriesOnly) {
    console.log(`\nKey verification: ${CONNECTIONS} connections, ${DURATION_S} s per case after a 1 s warm-up; ` +
      `${results.machine.cpus} cores, Node ${process.version}`);
  }
  if (results.queries) {
    const { settings } = results.queries;
    console.log(`Queries: Prisma Client 7, ${settings.concurrency} concurrent clients in one process, pools of ${settings.poolSize}, ` +
      `${settings.rounds} alternating slices per target (${settings.sliceMs / 1000} s, or ${settings.sequentialPerSlice} sequential queries)`);
  }
  console.log("");
  console.log(formatTable(rows));
  if (results.queries) console.log(`\nCPU per request (ms), by process:\n\n${formatCpuTable(results.queries)}`);
  console.log(`\n${formatNotes(results.notes)}`);
  if (results.lighthouse) console.log(`\n${formatLighthouse(results.lighthouse)}`);
  if (results.skipped.length) console.log(`\nSkipped: ${results.skipped.join("; ")}`);
  console.log(`\nWritten to ${path.relative(process.cwd(), file)}`);
}

try {
  await main();
} catch (error) {
  console.error(`\n[bench] failed: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
