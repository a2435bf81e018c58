// Lighthouse (12.2.3, pinned: later versions need Node 22) on the API Keys tab of a resource with 50
// keys, signed in, with Lighthouse's default mobile settings (a mid-range phone, simulated slow 4G
// and a 4× slower CPU). Issue 12, item 10's targets: performance ≥ 95, accessibility 100.
// `npm run bench` runs it on the PGlite Console (scripts/bench/run.mjs); `npm run bench:lighthouse`
// runs only this: a fresh embedded database, seeded, a Console on a free port, five Lighthouse
// runs (the median is reported, each run's figures are kept), then everything is removed.
// Chromium: CHROME_PATH, else /usr/bin/chromium.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { median, signIn } from "./measure.mjs";

export const LIGHTHOUSE_TARGETS = { performance: 95, accessibility: 100 };
const RUNS = 5;
const CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

/** The figures of one Lighthouse report that the issue asks about, plus what the page ships. */
function figures(lhr) {
  const audits = lhr.audits;
  const scripts = (audits["network-requests"]?.details?.items ?? []).filter((item) => item.resourceType === "Script");
  return {
    performance: Math.round(lhr.categories.performance.score * 100),
    accessibility: Math.round(lhr.categories.accessibility.score * 100),
    totalBlockingTimeMs: Math.round(audits["total-blocking-time"].numericValue),
    largestContentfulPaintMs: Math.round(audits["largest-contentful-paint"].numericValue),
    firstContentfulPaintMs: Math.round(audits["first-contentful-paint"].numericValue),
    cumulativeLayoutShift: Number(audits["cumulative-layout-shift"].numericValue.toFixed(3)),
    scriptKB: Math.round(scripts.reduce((sum, item) => sum + (item.transferSize ?? 0), 0) / 1024),
    scriptRequests: scripts.length,
    // What to look at when the score is low: the LCP element, and the scripts that cost most CPU.
    lcpElement: audits["largest-contentful-paint-element"]?.details?.items?.[0]?.items?.[0]?.node?.snippet ?? null,
    slowestScripts: (audits["bootup-time"]?.details?.items ?? [])
      .slice(0, 3)
      .map((item) => `${String(item.url).split("/").pop()} ${Math.round(item.total)} ms`),
    failedAccessibilityAudits: Object.values(lhr.categories.accessibility.auditRefs)
      .map((ref) => audits[ref.id])
      .filter((audit) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === "binary")
      .map((audit) => audit.id),
  };
}

/**
 * `RUNS` Lighthouse runs of `url` with the session `cookie`, one Chromium per run (no cache carried
 * over). Returns { median, runs }: the median of each figure, and every run's figures.
 */
export async function measureLighthouse(url, cookie, { runs = RUNS, log = () => {} } = {}) {
  const chromePath = process.env.CHROME_PATH || "/usr/bin/chromium";
  const results = [];
  for (let run = 0; run < runs; run++) {
    const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: CHROME_FLAGS });
    try {
      const result = await lighthouse(url, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance", "accessibility"],
        extraHeaders: { Cookie: cookie },
      });
      if (!result) throw new Error("Lighthouse returned no result");
      if (result.lhr.runtimeError) throw new Error(`Lighthouse: ${result.lhr.runtimeError.message}`);
      if (result.lhr.finalDisplayedUrl.includes("/login")) throw new Error("Lighthouse was sent to /login: the cookie did not sign it in");
      const one = figures(result.lhr);
      log(`  run ${run + 1}: performance ${one.performance}, accessibility ${one.accessibility}, TBT ${one.totalBlockingTimeMs} ms, ` +
        `LCP ${one.largestContentfulPaintMs} ms, ${one.scriptKB} KB of JS in ${one.scriptRequests} files`);
      log(`    LCP element ${one.lcpElement}; CPU: ${one.slowestScripts.join(", ")}`);
      results.push(one);
    } finally {
      await chrome.kill();
    }
  }
  const numeric = Object.keys(results[0]).filter((name) => typeof results[0][name] === "number");
  const summary = Object.fromEntries(numeric.map((name) => [name, median(results.map((one) => one[name]))]));
  summary.lcpElement = results.at(-1).lcpElement;
  summary.failedAccessibilityAudits = [...new Set(results.flatMap((one) => one.failedAccessibilityAudits))];
  return { median: summary, runs: results };
}

/** One line per figure, with the target where the issue sets one. */
export function formatLighthouse(result) {
  const m = result.median;
  const verdict = (value, target) => (value >= target ? `≥ ${target} ✓` : `target ${target} ✗`);
  return [
    `Lighthouse ${lighthouseVersion()} mobile, API Keys tab with 50 keys, median of ${result.runs.length} runs:`,
    `  performance    ${m.performance}  (${verdict(m.performance, LIGHTHOUSE_TARGETS.performance)})`,
    `  accessibility  ${m.accessibility}  (${verdict(m.accessibility, LIGHTHOUSE_TARGETS.accessibility)})` +
      (m.failedAccessibilityAudits.length ? `  failed: ${m.failedAccessibilityAudits.join(", ")}` : ""),
    `  total blocking time ${m.totalBlockingTimeMs} ms, LCP ${m.largestContentfulPaintMs} ms, FCP ${m.firstContentfulPaintMs} ms, CLS ${m.cumulativeLayoutShift}`,
    `  JavaScript: ${m.scriptKB} KB transferred in ${m.scriptRequests} files`,
  ].join("\n");
}

function lighthouseVersion() {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return JSON.parse(fs.readFileSync(path.join(here, "../../node_modules/lighthouse/package.json"), "utf8")).version;
}

/** Standalone: `npm run bench:lighthouse`. */
async function main() {
  const { migrate, seed } = await import("./seed.mjs");
  const { startConsole, stopAllChildren } = await import("./servers.mjs");
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "platform-lighthouse-"));
  const log = (message) => console.log(`[lighthouse] ${message}`);
  try {
    const env = { ...process.env, PLATFORM_DATA_DIR: path.join(tmp, "pglite"), NEXT_TELEMETRY_DISABLED: "1" };
    for (const name of ["DATABASE_URL", "AUTH_SECRET"]) delete env[name];
    for (const name of Object.keys(env)) if (name.startsWith("GATEWAY_")) delete env[name];
    fs.mkdirSync(env.PLATFORM_DATA_DIR, { recursive: true });
    migrate(root, env);
    const data = await seed(env);
    log("seeded; starting the Console (the first start may build it first)…");
    const server = await startConsole(root, env, tmp, "lighthouse");
    const cookie = await signIn(server.url, data.email, data.password);
    const pageUrl = `${server.url}/${data.workspaceId}/${data.projectId}/${data.lighthouseResourceId}/api-keys`;
    const result = await measureLighthouse(pageUrl, cookie, { log });
    console.log(`\n${formatLighthouse(result)}`);
    await server.stop();
  } finally {
    await stopAllChildren().catch(() => {});
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`[lighthouse] failed: ${error.stack ?? error}`);
    process.exitCode = 1;
  });
}
