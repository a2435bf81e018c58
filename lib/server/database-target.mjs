// Which database the Console uses, decided from the environment alone. Plain JavaScript so that
// the app, the migration scripts and the start script all read DATABASE_URL the same way.
import path from "node:path";

/**
 * @typedef {{ kind: "pglite", dataDir: string | null, label: string }
 *   | { kind: "postgres", url: string, label: string }} DatabaseTarget
 */

/** The folder for the embedded database and the generated auth secret. */
export function dataDirectory(env = process.env) {
  return path.resolve(/*turbopackIgnore: true*/ env.PLATFORM_DATA_DIR || ".data");
}

/**
 * - unset: PGlite in `<data folder>/pglite` (the embedded default)
 * - `file:<folder>`: PGlite in that folder
 * - `memory://`: PGlite in memory (tests)
 * - `postgres://…` or `postgresql://…`: a PostgreSQL server
 * @returns {DatabaseTarget}
 */
export function resolveDatabaseTarget(env = process.env) {
  const url = (env.DATABASE_URL ?? "").trim();
  if (url === "") {
    const dataDir = path.join(/*turbopackIgnore: true*/ dataDirectory(env), "pglite");
    return { kind: "pglite", dataDir, label: `embedded PGlite in ${dataDir}` };
  }
  if (url === "memory://") return { kind: "pglite", dataDir: null, label: "in-memory PGlite" };
  if (url.startsWith("file:")) {
    const dataDir = path.resolve(/*turbopackIgnore: true*/ url.slice("file:".length));
    return { kind: "pglite", dataDir, label: `embedded PGlite in ${dataDir}` };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    return { kind: "postgres", url, label: `PostgreSQL at ${describePostgresUrl(url)}` };
  }
  throw new Error(
    "DATABASE_URL must be postgresql://…, file:<folder> or memory:// (or unset for the embedded database).",
  );
}

/** Host, port and database name only: a connection string may carry a password. */
export function describePostgresUrl(url) {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return "(unparseable URL)";
  }
}
