import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

// A PostgreSQL cluster of our own (initdb + pg_ctl from the server's binaries) for the test that
// kills the database: the shared server on 5432 is never stopped. As root, the binaries run as the
// `postgres` user (initdb refuses root). Fails loudly when the binaries are missing.

const BIN_CANDIDATES = ["/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin"];
const migrationsDir = path.resolve(import.meta.dirname, "../../prisma/migrations");

function binDir(): string {
  const found = [process.env.PG_BIN_DIR, ...BIN_CANDIDATES].find((dir) => dir && fs.existsSync(path.join(dir, "pg_ctl")));
  if (!found) throw new Error(`PostgreSQL server binaries (initdb, pg_ctl) not found in ${BIN_CANDIDATES.join(", ")}; set PG_BIN_DIR.`);
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export type Cluster = { url: string; stop(mode: "immediate" | "fast"): void; start(): void; destroy(): void };

/** With `schema: false` the database is left empty (e.g. for `npm start`, which migrates it itself). */
export async function createCluster({ schema = true }: { schema?: boolean } = {}): Promise<Cluster> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-pg-"));
  const dataDir = path.join(dir, "data");
  if (asRoot) execFileSync("chown", ["postgres", dir]);
  const run = (tool: string, args: string[]) =>
    asRoot
      ? execFileSync("runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args], { stdio: "pipe" })
      : execFileSync(path.join(bin, tool), args, { stdio: "pipe" });
  run("initdb", ["-D", dataDir, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => run("pg_ctl", ["-D", dataDir, "-o", options, "-l", path.join(dir, "server.log"), "-w", "start"]);
  start();
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;

  // The schema, from the migration history as-is.
  if (schema) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    for (const name of fs.readdirSync(migrationsDir).filter((entry) => /^\d/.test(entry)).sort()) {
      await client.query(fs.readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8"));
    }
    await client.end();
  }

  return {
    url,
    stop: (mode) => run("pg_ctl", ["-D", dataDir, "-m", mode, "-w", "stop"]),
    start,
    destroy() {
      try {
        run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
