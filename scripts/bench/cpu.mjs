// CPU time of the processes a query touches, for the bench's "where the time goes" figures: this
// process (process.cpuUsage), the gateway process and the PostgreSQL backends serving the app
// database (utime + stime in /proc/<pid>/stat; Linux only, null elsewhere). A backend that exits
// between two readings is not counted (the pools keep theirs open throughout a case).
import { execFileSync } from "node:child_process";
import fs from "node:fs";

/** @typedef {{ client: number, gateway: number | null, postgres: Map<number, number> | null }} CpuReading */
/** @typedef {{ client: number, gateway: number | null, postgres: number | null }} CpuSpent */

/** @type {number | null | undefined} */
let msPerTick;
function tickMs() {
  if (msPerTick !== undefined) return msPerTick;
  try {
    msPerTick = 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
  } catch {
    msPerTick = null;
  }
  return msPerTick;
}

/**
 * CPU milliseconds a process has used so far, or null if it cannot be read.
 * @param {number} pid
 * @returns {number | null}
 */
export function processCpuMs(pid) {
  const ms = tickMs();
  if (ms === null) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (in parentheses, which may contain spaces): utime and stime.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * ms;
  } catch {
    return null;
  }
}

/**
 * @param {{ query: (sql: string, params: unknown[]) => Promise<{ rows: { pid: number }[] }> }} monitor a pg client on the app database
 * @param {string} database
 * @param {number | null} gatewayPid
 * @returns {Promise<CpuReading>}
 */
export async function cpuOf(monitor, database, gatewayPid) {
  const usage = process.cpuUsage();
  const { rows } = await monitor.query("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [database]);
  /** @type {Map<number, number> | null} */
  let postgres = new Map();
  for (const { pid } of rows) {
    const ms = processCpuMs(pid);
    if (ms === null) {
      postgres = null;
      break;
    }
    postgres.set(pid, ms);
  }
  return { client: (usage.user + usage.system) / 1000, gateway: gatewayPid === null ? null : processCpuMs(gatewayPid), postgres };
}

/**
 * @param {CpuReading} after
 * @param {CpuReading} before
 * @returns {CpuSpent}
 */
export function spent(after, before) {
  let postgres = null;
  if (after.postgres && before.postgres) {
    postgres = 0;
    for (const [pid, ms] of after.postgres) postgres += ms - (before.postgres.get(pid) ?? 0);
  }
  const gateway = after.gateway === null || before.gateway === null ? null : after.gateway - before.gateway;
  return { client: after.client - before.client, gateway, postgres };
}

/**
 * @param {number[]} sorted
 * @param {number} p
 */
export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return /** @type {number} */ (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]);
}
