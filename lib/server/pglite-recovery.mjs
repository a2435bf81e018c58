// Whether the embedded database (PGlite) was shut down cleanly last time, read from its
// pg_control file BEFORE it is opened: PGlite replays its write-ahead log silently after a crash
// (a kill -9, a power cut), and an operator should know that it did. Plain JavaScript, like
// ./database-target.mjs: the migration step (prisma/schema-engine.mjs, the first to open the
// folder at `npm start`), the Console's server (lib/gateway/entry.ts) and lib/server/db.ts use it.
import fs from "node:fs";
import path from "node:path";

// pg_control starts with ControlFileData (PostgreSQL's src/include/catalog/pg_control.h): a uint64
// system identifier, uint32 pg_control_version, uint32 catalog_version_no, then `DBState state`,
// an int32 enum, at byte 16, in the machine's byte order (WebAssembly: little-endian). Unchanged
// from PostgreSQL 9.x to 18 (PGlite 0.5 is 18: pg_control_version 1800).
const STATE_OFFSET = 16;
const STATES = ["starting up", "shut down", "shut down in recovery", "shutting down", "in crash recovery", "in archive recovery", "in production"];
const CLEAN = new Set(["shut down", "shut down in recovery"]);

/**
 * @param {string} dataDir the PGlite folder
 * @returns {{ state: string, clean: boolean } | null} null for a new folder (no pg_control yet) or one that cannot be read
 */
export function pgliteShutdownState(dataDir) {
  let control;
  try {
    control = fs.readFileSync(path.join(/*turbopackIgnore: true*/ dataDir, "global", "pg_control"));
  } catch {
    return null;
  }
  if (control.length < STATE_OFFSET + 4) return null;
  const code = control.readInt32LE(STATE_OFFSET);
  const state = STATES[code] ?? `unknown state ${code}`;
  return { state, clean: CLEAN.has(state) };
}

/** The one line for a start after an unclean stop (`before` is what pgliteShutdownState said before opening). */
export function crashRecoveryMessage(dataDir, before) {
  return (
    `[platform-console] PGlite ran crash recovery: the embedded database in ${dataDir} was not shut down cleanly ` +
    `(pg_control said "${before.state}": the process was killed or the machine stopped). Committed transactions ` +
    "were replayed from its write-ahead log; stop the server with SIGTERM or Ctrl-C to avoid this."
  );
}
