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
const verdict = (ok) => (ok ? "PASS" : "MISS");
const ratio = (value, base) => (base > 0 ? Math.round((value / base) * 100) / 100 : null);

/** Flat rows: { figure, value, baseline, ratio, target, result }, with units in the strings. */
export function buildRows(results) {
  const rows = [];
  const { verification, console: app, cli } = results;
  for (const [db, dbLabel] of DBS) {
    for (const [key, caseLabel] of CASES) {
      const run = verification[db]?.[key];
      const base = verification.baseline[key];
      if (!run) continue;
      const note = run.unexpected || run.errors ? ` (${run.unexpected} unexpected status, ${run.errors} errors)` : "";
      const r = ratio(run.reqPerSec, base.reqPerSec);
      rows.push({
        figure: `verify ${caseLabel}, ${dbLabel}: req/s${note}`,
        value: run.reqPerSec,
        baseline: base.reqPerSec,
        ratio: r,
        target: `≥ ${TARGETS.throughputRatio}× baseline`,
        result: verdict(r !== null && r >= TARGETS.throughputRatio && !run.unexpected),
      });
      rows.push({
        figure: `verify ${caseLabel}, ${dbLabel}: p50 / p99 ms`,
        value: `${run.p50Ms} / ${run.p99Ms}`,
        baseline: `${base.p50Ms} / ${base.p99Ms}`,
        ratio: ratio(run.p99Ms, base.p99Ms),
        target: `p99 ≤ ${TARGETS.p99Ms} ms`,
        result: verdict(run.p99Ms <= TARGETS.p99Ms),
      });
    }
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
