// `npm run bench`: measures what exists today, in one run, each figure next to its baseline and the
// targets of issue 4. See README "Performance". Steps, for PGlite and then PostgreSQL:
//   fresh data folder (and a throwaway PostgreSQL database) → migrations → seed rows directly →
//   `node scripts/start.mjs` on a free port → autocannon on POST /api/v1/keys/verify → the API Keys
//   tab, the create-key round trip and `platform apikey show` → SIGTERM.
// The baseline (bare node:http + SHA-256 + Map) runs first, alone. Everything is removed at the end.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateSecret } from "./keys.mjs";
import {
  CONNECTIONS, DURATION_S, apiKeysPage, createKey, listKeys, runNode, signIn, timeMedian, verifyLoad,
} from "./measure.mjs";
import { TARGETS, buildRows, formatTable, writeResults } from "./report.mjs";
import { KEY_COUNT, createPostgresDatabase, migrate, seed } from "./seed.mjs";
import { startBaseline, startConsole } from "./servers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const adminUrl = process.env.BENCH_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "platform-bench-"));
const log = (message) => console.log(`[bench] ${message}`);

// Cleanup runs last-in first-out (servers stop before their database is dropped), on success,
// failure or Ctrl-C.
const cleanups = [];
let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
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
  const server = await startConsole(root, env, tmp, db);
  cleanups.push(server.stop);
  log(`${db}: Console on ${server.url}; key verification, ${CONNECTIONS} connections, ${DURATION_S} s per case`);
  results.verification[db] = await verifyCases(server.url, data.validKey);

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

  await server.stop();
}

async function main() {
  const cpus = os.cpus();
  const results = {
    machine: { cpus: cpus.length, cpuModel: cpus[0]?.model, memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
    date: new Date().toISOString(),
    settings: { connections: CONNECTIONS, durationS: DURATION_S, warmupS: 1, keysOnResource: KEY_COUNT, targets: TARGETS },
    verification: {},
    console: {},
    cli: {},
    skipped: [],
  };
  log(`machine: ${results.machine.cpus} cores, Node ${process.version}; temp folder ${tmp}`);

  results.cli.nodeE0 = await timeMedian(10, 1, () => runNode(root, ["-e", "0"]));
  log(`node -e 0: median ${results.cli.nodeE0.medianMs} ms`);

  const databases = [["pglite", null]];
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
    if (url) env.DATABASE_URL = url;
    fs.mkdirSync(env.PLATFORM_DATA_DIR, { recursive: true });
    migrate(root, env);
    const data = await seed(env);
    log(`${db}: migrated and seeded (${KEY_COUNT} keys on one environment, 5 on another, a personal access token)`);
    seeded.push([db, env, data]);
  }

  // The baseline alone on the machine, with the first database's keys in its Map.
  const digestsFile = path.join(tmp, "digests.json");
  fs.writeFileSync(digestsFile, JSON.stringify(seeded[0][2].digests));
  const baseline = await startBaseline(digestsFile);
  cleanups.push(baseline.stop);
  log(`baseline: bare node:http + SHA-256 + Map on ${baseline.url}`);
  results.verification.baseline = await verifyCases(baseline.url, seeded[0][2].validKey);
  await baseline.stop();

  for (const [db, env, data] of seeded) await benchDatabase(db, env, data, results);

  const rows = buildRows(results);
  const file = writeResults(path.join(here, "results"), results, rows);
  console.log(`\nKey verification: ${CONNECTIONS} connections, ${DURATION_S} s per case after a 1 s warm-up; ` +
    `${results.machine.cpus} cores, Node ${process.version}\n`);
  console.log(formatTable(rows));
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
