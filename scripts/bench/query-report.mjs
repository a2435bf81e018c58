// The query rows of `npm run bench` (./query-bench.mjs), in the table's row shape
// ({ figure, value, baseline, ratio, target, result }), and the CPU-per-request table.

export const QUERY_TARGETS = { addedP50Ms: 1, throughputRatio: 0.5, cachedP50Ratio: 0.8, cachedThroughputRatio: 1.5, usageRatio: 0.95 };

export const QUERY_NOTES = [
  "Query rows: the same Prisma Client 7.10 (generated from tests/support/accelerate-client/schema.prisma) through " +
    "`npm run gateway` (accelerateUrl, the key verified on every request) and on a direct @prisma/adapter-pg connection " +
    "(the baseline column), both on one throwaway PostgreSQL database on 127.0.0.1, pools of 10 on both sides. " +
    "findUnique: a User by id; findMany(20): 20 Posts of an author by an indexed column, ordered by id; transaction: " +
    "$transaction(async tx => …) with a findUnique and a findMany(20): start, 2 queries, commit (4 requests through the gateway).",
  "Direct and gateway slices alternate (direct, gateway, ×3) so that both see the same machine. Sequential: one query at a " +
    "time; 32 clients: 32 concurrent callers of one PrismaClient (concurrent findUniques are batched by Prisma Client itself " +
    "into one request, direct or not). Latencies are per query, from the caller's side, in ms.",
  "The client, the gateway and PostgreSQL share the machine's cores: through the gateway each query costs CPU in three " +
    "processes instead of two, which is what bounds throughput at 32 clients (see the CPU table).",
  "Instant stub rows: Prisma Client with accelerateUrl against scripts/bench/stub-gateway.mjs, which answers every query " +
    "at once with a findMany(20) answer the real gateway gave: what the client's own HTTP and JSON work allows here, " +
    "i.e. the ceiling for any gateway on this machine. Replay rows: autocannon sends the exact request Prisma Client sent " +
    "(headers and body) at 32 connections: the gateway's own capacity, without the client's cost (latencies in whole ms).",
  "Cached rows (issue 10): the gateway client extended with @prisma/extension-accelerate, the same findMany(20) with " +
    "cacheStrategy { ttl: 3600 } over 50 authors (50 entries, filled before measuring, so every read is a hit: the row " +
    "says how many were) against the uncached read on the direct client. The load generator is its own process.",
  "Usage recording row: the client's findUnique request replayed by autocannon (32 connections) on this gateway " +
    "(recording on, flushing every 5 s) and on a second `npm run gateway` with GATEWAY_USAGE=off, alternating 4 × 3 s (the order swapped every round).",
];

const CASES = [
  ["findUnique", "findUnique by id"],
  ["findMany20", "findMany, 20 rows"],
  ["transaction", "interactive transaction (start, 2 queries, commit)"],
];
const verdict = (ok) => (ok ? "PASS" : "MISS");
const ratio = (value, base) => (base > 0 ? Math.round((value / base) * 100) / 100 : null);
const ms = (value) => (Number.isFinite(value) ? value.toFixed(2) : "—");
const problems = (run) => (run.errors ? ` (${run.errors} errors)` : "");

/** The stub's rows: what Prisma Client reaches against an instant server (./stub-gateway.mjs). */
function stubRows(label, mode, run) {
  if (!run.stub) return [];
  const { direct, stub } = run;
  if (mode === "sequential") {
    return [{
      figure: `${label}, sequential, instant stub instead of the gateway: p50 / p99 ms${problems(stub)}`,
      value: `${ms(stub.p50Ms)} / ${ms(stub.p99Ms)}`,
      baseline: `${ms(direct.p50Ms)} / ${ms(direct.p99Ms)}`,
      ratio: `+${(Math.round((stub.p50Ms - direct.p50Ms) * 100) / 100).toFixed(2)} ms`,
      target: "(the client's own share)",
      result: "—",
    }];
  }
  return [{
    figure: `${label}, 32 clients, instant stub instead of the gateway: req/s${problems(stub)}`,
    value: stub.reqPerSec,
    baseline: direct.reqPerSec,
    ratio: ratio(stub.reqPerSec, direct.reqPerSec),
    target: "(ceiling for any gateway)",
    result: "—",
  }];
}

/** autocannon replaying the client's own request: the gateway's capacity without the client. */
function replayRows(replays, results) {
  const rows = [];
  for (const [name, label] of CASES) {
    const replay = replays?.[name];
    if (!replay) continue;
    const direct = results[`${name}.concurrent`]?.direct;
    const cpu = replay.gatewayCpuMsPerRequest === null ? "" : ` (gateway CPU ${replay.gatewayCpuMsPerRequest.toFixed(3)} ms/request)`;
    rows.push({
      figure: `${label}, gateway alone: the client's request replayed by autocannon, 32 connections: req/s${replay.errors ? ` (${replay.errors} errors)` : ""}`,
      value: `${replay.reqPerSec}${cpu}`,
      baseline: direct ? direct.reqPerSec : "—",
      ratio: direct ? ratio(replay.reqPerSec, direct.reqPerSec) : null,
      target: "—",
      result: "—",
    });
  }
  return rows;
}

export function buildQueryRows({ results, replays, usage }) {
  const rows = [];
  for (const [name, label] of CASES) {
    const sequential = results[`${name}.sequential`];
    const concurrent = results[`${name}.concurrent`];
    // The targets are per query; a transaction is four requests and has none.
    const targeted = name !== "transaction";
    if (sequential) {
      const { direct, gateway } = sequential;
      const added = Math.round((gateway.p50Ms - direct.p50Ms) * 100) / 100;
      rows.push({
        figure: `${label}, sequential: p50 / p99 ms${problems(gateway)}`,
        value: `${ms(gateway.p50Ms)} / ${ms(gateway.p99Ms)}`,
        baseline: `${ms(direct.p50Ms)} / ${ms(direct.p99Ms)}`,
        ratio: `+${added.toFixed(2)} ms`,
        target: targeted ? `added p50 ≤ ${QUERY_TARGETS.addedP50Ms} ms` : "—",
        result: targeted ? verdict(added <= QUERY_TARGETS.addedP50Ms && !gateway.errors && !direct.errors) : "—",
      });
      rows.push(...stubRows(label, "sequential", sequential));
      rows.push({
        figure: `${label}, sequential: req/s`,
        value: gateway.reqPerSec,
        baseline: direct.reqPerSec,
        ratio: ratio(gateway.reqPerSec, direct.reqPerSec),
        target: "—",
        result: "—",
      });
    }
    if (concurrent) {
      const { direct, gateway } = concurrent;
      const r = ratio(gateway.reqPerSec, direct.reqPerSec);
      rows.push({
        figure: `${label}, 32 clients: req/s${problems(gateway)}`,
        value: gateway.reqPerSec,
        baseline: direct.reqPerSec,
        ratio: r,
        target: targeted ? `≥ ${QUERY_TARGETS.throughputRatio}× direct` : "—",
        result: targeted ? verdict(r !== null && r >= QUERY_TARGETS.throughputRatio && !gateway.errors && !direct.errors) : "—",
      });
      rows.push(...stubRows(label, "concurrent", concurrent));
      rows.push({
        figure: `${label}, 32 clients: p50 / p99 ms`,
        value: `${ms(gateway.p50Ms)} / ${ms(gateway.p99Ms)}`,
        baseline: `${ms(direct.p50Ms)} / ${ms(direct.p99Ms)}`,
        ratio: null,
        target: "—",
        result: "—",
      });
    }
  }
  rows.push(...replayRows(replays, results));
  rows.push(...cachedRows(results));
  if (usage) {
    const r = ratio(usage.onReqPerSec, usage.offReqPerSec);
    rows.push({
      figure: `usage recording on vs GATEWAY_USAGE=off: findUnique replayed, req/s${usage.errors ? ` (${usage.errors} errors)` : ""}`,
      value: usage.onReqPerSec,
      baseline: `${usage.offReqPerSec} (off)`,
      ratio: r,
      target: `≥ ${QUERY_TARGETS.usageRatio}× off`,
      result: verdict(r !== null && r >= QUERY_TARGETS.usageRatio && !usage.errors),
    });
    if (usage.onCpuMsPerRequest && usage.offCpuMsPerRequest) {
      // Requests per CPU second, on against off: the same ratio without the machine's other load in it.
      const cpuRatio = ratio(usage.offCpuMsPerRequest, usage.onCpuMsPerRequest);
      rows.push({
        figure: "usage recording on vs off: the gateway's CPU ms per request (requests per CPU second as the ratio)",
        value: usage.onCpuMsPerRequest.toFixed(4),
        baseline: `${usage.offCpuMsPerRequest.toFixed(4)} (off)`,
        ratio: cpuRatio,
        target: `≥ ${QUERY_TARGETS.usageRatio}× off`,
        result: verdict(cpuRatio !== null && cpuRatio >= QUERY_TARGETS.usageRatio),
      });
    }
  }
  return rows;
}

/** A cache hit through the gateway (withAccelerate, ttl) against the same read direct. */
function cachedRows(results) {
  const rows = [];
  const label = "findMany(20), cache hit through the gateway";
  const hits = (run) => (run.cache ? ` (${run.cache.hits} hits, ${run.cache.misses} misses)` : "");
  const sequential = results["findMany20Cached.sequential"];
  if (sequential) {
    const { direct, cached } = sequential;
    const r = ratio(cached.p50Ms, direct.p50Ms);
    rows.push({
      figure: `${label}, sequential: p50 / p99 ms${hits(sequential)}${problems(cached)}`,
      value: `${ms(cached.p50Ms)} / ${ms(cached.p99Ms)}`,
      baseline: `${ms(direct.p50Ms)} / ${ms(direct.p99Ms)}`,
      ratio: r,
      target: `p50 ≤ ${QUERY_TARGETS.cachedP50Ratio}× direct`,
      result: verdict(r !== null && r <= QUERY_TARGETS.cachedP50Ratio && !cached.errors && !direct.errors),
    });
  }
  const concurrent = results["findMany20Cached.concurrent"];
  if (concurrent) {
    const { direct, cached } = concurrent;
    const r = ratio(cached.reqPerSec, direct.reqPerSec);
    rows.push({
      figure: `${label}, 32 clients: req/s${hits(concurrent)}${problems(cached)}`,
      value: cached.reqPerSec,
      baseline: direct.reqPerSec,
      ratio: r,
      target: `≥ ${QUERY_TARGETS.cachedThroughputRatio}× direct`,
      result: verdict(r !== null && r >= QUERY_TARGETS.cachedThroughputRatio && !cached.errors && !direct.errors),
    });
    rows.push({
      figure: `${label}, 32 clients: p50 / p99 ms`,
      value: `${ms(cached.p50Ms)} / ${ms(cached.p99Ms)}`,
      baseline: `${ms(direct.p50Ms)} / ${ms(direct.p99Ms)}`,
      ratio: ratio(cached.p50Ms, direct.p50Ms),
      target: "—",
      result: "—",
    });
  }
  return rows;
}

/** CPU milliseconds per request in each process, per case: where a query's time goes. */
export function formatCpuTable({ results }) {
  const header = ["Case", "direct: client", "direct: PostgreSQL", "gateway: client", "gateway: gateway", "gateway: PostgreSQL", "gateway total / direct total", "stub: client", "stub: stub"];
  const lines = [header];
  const f = (value) => (value === null || value === undefined ? "—" : value.toFixed(3));
  for (const [key, run] of Object.entries(results)) {
    const d = run.direct.cpuMsPerRequest;
    const g = (run.gateway ?? run.cached).cpuMsPerRequest;
    const sum = (cpu) => (cpu.postgres === null ? null : cpu.client + (cpu.gateway ?? 0) + cpu.postgres);
    const totals = sum(d) && sum(g) ? `${(sum(g) / sum(d)).toFixed(2)}×` : "—";
    const stub = run.stub?.cpuMsPerRequest;
    lines.push([key, f(d.client), f(d.postgres), f(g.client), f(g.gateway), f(g.postgres), totals, f(stub?.client), f(stub?.gateway)]);
  }
  const widths = header.map((_, i) => Math.max(...lines.map((line) => line[i].length)));
  const line = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  return [line(lines[0]), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...lines.slice(1).map(line)].join("\n");
}
