import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

// A PostgreSQL cluster of our own that checks passwords (scram-sha-256), for the "wrong password"
// test: the shared server on 5432 trusts every local connection, and is never reconfigured. Made
// with the server's initdb/pg_ctl (as the `postgres` user when running as root), on a free port.

const BIN_CANDIDATES = ["/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin"];

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

export type PasswordCluster = { host: string; port: number; user: string; password: string; destroy(): void };

export async function startPasswordCluster(): Promise<PasswordCluster> {
  const bin = [process.env.PG_BIN_DIR, ...BIN_CANDIDATES].find((dir) => dir && fs.existsSync(path.join(dir, "pg_ctl")));
  if (!bin) throw new Error(`PostgreSQL server binaries (initdb, pg_ctl) not found in ${BIN_CANDIDATES.join(", ")}; set PG_BIN_DIR.`);
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-pgpw-"));
  const password = "correct-horse-battery";
  fs.writeFileSync(path.join(dir, "pw"), password);
  if (asRoot) execFileSync("chown", ["-R", "postgres", dir]);
  const run = (tool: string, args: string[]) =>
    asRoot
      ? execFileSync("runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args], { stdio: "pipe" })
      : execFileSync(path.join(bin, tool), args, { stdio: "pipe" });
  const dataDir = path.join(dir, "data");
  run("initdb", ["-D", dataDir, "-A", "scram-sha-256", "--pwfile", path.join(dir, "pw"), "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=16MB`;
  run("pg_ctl", ["-D", dataDir, "-o", options, "-l", path.join(dir, "server.log"), "-w", "start"]);
  return {
    host: "127.0.0.1",
    port,
    user: "postgres",
    password,
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
