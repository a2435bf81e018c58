// The measurements: autocannon for key verification, sequential timed requests for the API Keys
// page and the create-key round trip, and spawned processes for the CLI.
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";

export const CONNECTIONS = 50;
export const DURATION_S = 5;
const WARMUP_S = 1;

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

function cannon(url, body, duration) {
  return autocannon({
    url: `${url}/api/v1/keys/verify`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    connections: CONNECTIONS,
    duration,
  });
}

/**
 * Verification load for one key against one server: a 1 s warm-up, then DURATION_S seconds at
 * CONNECTIONS connections. Latency is autocannon's (whole milliseconds), over every response.
 * `expected` is the status of a correct answer, or a list of them: the first is the one the row
 * is about (`perSecond` counts its responses per second of the run); the others are tolerated (the
 * limiter's bucket refills at its rate, so a few 401s come between the 429s).
 */
export async function verifyLoad(url, key, expected) {
  const statuses = [expected].flat();
  await cannon(url, { key }, WARMUP_S);
  const result = await cannon(url, { key }, DURATION_S);
  const counts = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const matched = statuses.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
  return {
    reqPerSec: round(result.requests.average, 0),
    status: statuses[0],
    perSecond: round((counts[statuses[0]] ?? 0) / result.duration, 0),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    responses: total,
    unexpected: total - matched, // responses with another status (e.g. 503 or 500): should be 0
    errors: result.errors + result.timeouts,
    statusCodes: counts,
  };
}

/** Median wall time (ms) of `n` sequential calls of `fn`, after `warmup` untimed ones. */
export async function timeMedian(n, warmup, fn) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn(i);
    times.push(performance.now() - start);
  }
  return { medianMs: round(median(times)), minMs: round(Math.min(...times)), maxMs: round(Math.max(...times)), n };
}

/** Signs in through next-auth's credentials callback; returns the Cookie header of the session. */
export async function signIn(url, email, password) {
  const jar = new Map();
  const keep = (response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  const csrf = await fetch(`${url}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = await csrf.json();
  const response = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader() },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: url }),
  });
  keep(response);
  if (![...jar.keys()].some((name) => name.endsWith("authjs.session-token"))) {
    throw new Error(`sign-in failed (HTTP ${response.status}, no session cookie)`);
  }
  return cookieHeader();
}

/** GET the API Keys tab as a signed-in user, reading the whole response. */
export async function apiKeysPage(url, path, cookie, mustContain) {
  const response = await fetch(`${url}${path}`, { headers: { cookie }, redirect: "manual" });
  const html = await response.text();
  if (response.status !== 200) throw new Error(`GET ${path} answered HTTP ${response.status}`);
  // The server renders the first page of keys, newest first: the newest key's name must be there.
  if (!html.includes(mustContain)) throw new Error(`GET ${path} did not render the key "${mustContain}"`);
  return html;
}

/** POST /api/v1/environments/{id}/api-keys: the create-key round trip of the REST API. */
export async function createKey(url, resourceId, token, name) {
  const response = await fetch(`${url}/api/v1/environments/${resourceId}/api-keys`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
  const body = await response.json();
  if (response.status !== 201 || typeof body.data?.value !== "string") {
    throw new Error(`create key answered HTTP ${response.status}: ${JSON.stringify(body).slice(0, 200)}`);
  }
}

/** One GET of a resource's keys (the request `platform apikey show` makes). */
export async function listKeys(url, resourceId, token) {
  const response = await fetch(`${url}/api/v1/environments/${resourceId}/api-keys`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`list keys answered HTTP ${response.status}`);
}

/** Runs `node <args>` to completion; throws on a non-zero exit. */
export function runNode(root, args, env = process.env) {
  const result = spawnSync(process.execPath, args, { cwd: root, env, encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`node ${args.join(" ")} exited with ${result.status}: ${result.stderr.slice(0, 500)}`);
  }
  return result.stdout;
}
