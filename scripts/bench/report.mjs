// The table `npm run bench` prints, and the same rows as JSON in results/latest.json.
import fs from "node:fs";
import path from "node:path";

export const TARGETS = { throughputRatio: 0.5, p99Ms: 5, apiKeysPageMs: 100, createKeyMs: 300 };
const CASES = [
  ["valid", "valid key"],
  ["unknown", "unknown key"],
  ["malformed", "malformed key"],
];
const DBS = [
  ["pglite", "PGlite"],
  ["postgres", "PostgreSQL"],
];
// Where verification was measured: the gateway inside the Console's process (per database), and
// the standalone gateway on PostgreSQL (`npm run gateway`; the valid key only, see run.mjs).
const GATEWAYS = [
  ["pglite", "PGlite, Console process"],
  ["postgres", "PostgreSQL, Console process"],
  ["postgres-gateway", "PostgreSQL, npm run gateway"],
  ["postgres-gateway-defaults", "PostgreSQL, npm run gateway, default limiter"],
  ["postgres-gateway-empty-bucket", "PostgreSQL, npm run gateway, default limiter, the address's bucket empty"],
];
const verdict = (ok) => (ok ? "PASS" : "MISS");
const ratio = (value, base) => (base > 0 ? Math.round((value / base) * 100) / 100 : null);

/** A throughput row and a latency row for one load run against the baseline's run. */
function loadRows(figure, run, base, { value = run.reqPerSec, unit = "req/s", note = "" } = {}) {
  const problems = run.unexpected || run.errors ? ` (${run.unexpected} unexpected status, ${run.errors} errors)` : "";
  const r = ratio(value, base.reqPerSec);
  return [
    {
      figure: `${figure}: ${unit}${note}${problems}`,
      value,
      baseline: base.reqPerSec,
      ratio: r,
      target: `≥ ${TARGETS.throughputRatio}× baseline`,
      result: verdict(r !== null && r >= TARGETS.throughputRatio && !run.unexpected && !run.errors),
    },
    {
      figure: `${figure}: p50 / p99 ms`,
      value: `${run.p50Ms} / ${run.p99Ms}`,
      baseline: `${base.p50Ms} / ${base.p99Ms}`,
      ratio: ratio(run.p99Ms, base.p99Ms),
      target: `p99 ≤ ${TARGETS.p99Ms} ms`,
      result: verdict(run.p99Ms <= TARGETS.p99Ms),
    },
  ];
}

/** Flat rows: { figure, value, baseline, ratio, target, result }, with units in the strings. */
export function buildRows(results) {
  const rows = [];
  const { verification, console: app, cli } = results;
  for (const [key, caseLabel] of CASES) {
    for (const [source, sourceLabel] of GATEWAYS) {
      const run = verification[source]?.[key];
      if (run) rows.push(...loadRows(`verify ${caseLabel}, ${sourceLabel}`, run, verification.baseline[key]));
    }
  }
  // A failure from an empty bucket is answered 429 after the cheap checks (format, checksum,
  // SHA-256, the negative cache: no query for a repeated unknown key), held against what the
  // baseline does for the same unknown key (format, checksum, SHA-256, Map lookup, 401).
  const limited = verification["postgres-gateway-defaults"]?.limited;
  if (limited) {
    const refill = limited.statusCodes[401] ?? 0;
    rows.push(
      ...loadRows("limiter (defaults), unknown key, PostgreSQL, npm run gateway", limited, verification.baseline.unknown, {
        value: limited.perSecond,
        unit: "429/s",
        note: ` (and ${refill} × 401)`,
      }),
    );
  }
  for (const [db, dbLabel] of DBS) {
    const page = app[db]?.apiKeysPage;
    const create = app[db]?.createKey;
    if (page) {
      rows.push({
        figure: `API Keys tab, ${page.keys} keys, ${dbLabel}: median ms`,
        value: page.medianMs,
        baseline: "—",
        ratio: null,
        target: `≤ ${TARGETS.apiKeysPageMs} ms`,
        result: verdict(page.medianMs <= TARGETS.apiKeysPageMs),
      });
    }
    if (create) {
      rows.push({
        figure: `create key (REST), ${dbLabel}: median ms`,
        value: create.medianMs,
        baseline: "—",
        ratio: null,
        target: `≤ ${TARGETS.createKeyMs} ms`,
        result: verdict(create.medianMs <= TARGETS.createKeyMs),
      });
    }
    const show = cli[db];
    if (show) {
      const limit = Math.round((2 * cli.nodeE0.medianMs + show.requestMs) * 10) / 10;
      rows.push({
        figure: `platform apikey show, ${dbLabel}: median ms`,
        value: show.apikeyShow.medianMs,
        baseline: `node -e 0: ${cli.nodeE0.medianMs}`,
        ratio: ratio(show.apikeyShow.medianMs, cli.nodeE0.medianMs),
        target: `≤ 2×node + 1 request (${show.requestMs}) = ${limit} ms`,
        result: verdict(show.apikeyShow.medianMs <= limit),
      });
    }
  }
  return rows;
}

/** The table's notes as a list. */
export const formatNotes = (notes) => notes.map((note) => `- ${note}`).join("\n");

export function formatTable(rows) {
  const header = { figure: "Figure", value: "Value", baseline: "Baseline", ratio: "Ratio", target: "Target", result: "Result" };
  const cells = [header, ...rows].map((row) =>
    Object.fromEntries(Object.keys(header).map((k) => [k, row[k] === null || row[k] === undefined ? "—" : String(row[k])])),
  );
  const widths = Object.fromEntries(Object.keys(header).map((k) => [k, Math.max(...cells.map((c) => c[k].length))]));
  const line = (c) => `| ${Object.keys(header).map((k) => c[k].padEnd(widths[k])).join(" | ")} |`;
  const rule = `|${Object.keys(header).map((k) => "-".repeat(widths[k] + 2)).join("|")}|`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join("\n");
}

export function writeResults(dir, results, rows) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "latest.json");
  fs.writeFileSync(file, `${JSON.stringify({ ...results, rows }, null, 2)}\n`);
  return file;
}
