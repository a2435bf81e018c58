import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";

// Creates one throwaway database per run on the PostgreSQL server, applies the migrations with the
// project's own migration tool (as production does), and drops the database afterwards.

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseUrl: string;
  }
}

const DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
const root = path.resolve(import.meta.dirname, "../..");

function describeServer(url: URL) {
  return `${url.hostname}:${url.port || 5432}`;
}

async function connectAdmin(adminUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `PostgreSQL is not reachable at ${describeServer(new URL(adminUrl))} (${reason}) — start it ` +
        `(see README) or set TEST_DATABASE_ADMIN_URL to a server where the user may create databases.`,
    );
  }
}

/**
 * Runs prisma/migrate.mjs against the test database. The tool leaves its pg pool open, so the
 * process lingers ~10 s (the pool's idle timeout) after it has finished; once it reports success
 * the work is committed, and the child is stopped rather than waited for.
 */
function migrate(databaseUrl: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--experimental-wasm-modules", "--no-warnings=ExperimentalWarning", "prisma/migrate.mjs"],
      { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    let done = false;
    const timer = setTimeout(() => finish(new Error("prisma/migrate.mjs did not finish within 60 s.")), 60_000);
    function finish(error?: Error) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill();
      if (error) reject(error);
      else resolve();
    }
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (/^(Applied \d+ migrations? to|Database is up to date)/m.test(output)) finish();
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", (error) => finish(error));
    child.on("exit", (code) => {
      if (code === 0) finish();
      else finish(new Error(`Applying the migrations to the test database failed (exit ${code}): ${output.trim()}`));
    });
  });
}

export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL || DEFAULT_ADMIN_URL;
  const name = `platform_console_test_${Date.now()}_${randomBytes(4).toString("hex")}`;
  const admin = await connectAdmin(adminUrl);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();

  const databaseUrl = new URL(adminUrl);
  databaseUrl.pathname = `/${name}`;
  const drop = async () => {
    const client = await connectAdmin(adminUrl);
    try {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };

  try {
    await migrate(databaseUrl.toString());
  } catch (error) {
    await drop();
    throw error;
  }
  project.provide("testDatabaseUrl", databaseUrl.toString());
  return drop;
}
