import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";
import { crashRecoveryMessage, pgliteShutdownState } from "@/lib/server/pglite-recovery.mjs";

// Issue 13, item 4: the state PGlite's pg_control records, read before opening the folder. Open
// and not yet closed is what a kill -9 leaves behind ("in production"); a clean close says "shut
// down". The restart after a real kill -9 is proven in e2e/crash-recovery.spec.ts.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-pg-control-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("pgliteShutdownState", () => {
  it("is null for a new folder, unclean while open, clean once closed", async () => {
    expect(pgliteShutdownState(dir)).toBeNull();
    const pglite = new PGlite(dir);
    await pglite.waitReady;
    await pglite.query("CREATE TABLE t (x int)");
    expect(pgliteShutdownState(dir)).toEqual({ state: "in production", clean: false });
    await pglite.close();
    expect(pgliteShutdownState(dir)).toEqual({ state: "shut down", clean: true });
    // A new folder runs initdb first: seconds on a busy machine.
  }, 60_000);

  it("names the folder and the state in its one line", () => {
    expect(crashRecoveryMessage("/srv/data/pglite", { state: "in production", clean: false })).toMatch(
      /^\[platform-console\] PGlite ran crash recovery: the embedded database in \/srv\/data\/pglite was not shut down cleanly \(pg_control said "in production"/,
    );
  });
});
