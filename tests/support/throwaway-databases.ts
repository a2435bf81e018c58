import { randomBytes } from "node:crypto";
import pg from "pg";

// Throwaway databases on the test PostgreSQL server (TEST_DATABASE_ADMIN_URL, default
// 127.0.0.1:5432), each loaded with some SQL, for a test file's resources to point their connection
// strings at. Dropped by `drop()`. Fails loudly when no server answers.

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    const where = new URL(url);
    throw new Error(`PostgreSQL is not reachable at ${where.hostname}:${where.port || 5432} (${(error as Error).message}); start it or set TEST_DATABASE_ADMIN_URL.`);
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export type ThrowawayDatabases = { urls: string[]; names: string[]; drop(): Promise<void> };

export async function createThrowawayDatabases(prefix: string, count: number, sql: string): Promise<ThrowawayDatabases> {
  const suffix = `${Date.now()}_${randomBytes(4).toString("hex")}`;
  const names = Array.from({ length: count }, (_, index) => `${prefix}_${index}_${suffix}`);
  const urls = names.map((name) => {
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    return url.toString();
  });
  const drop = () =>
    withClient(ADMIN_URL, async (client) => {
      for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    });
  try {
    await withClient(ADMIN_URL, async (client) => {
      for (const name of names) await client.query(`CREATE DATABASE "${name}"`);
    });
    for (const url of urls) await withClient(url, (client) => client.query(sql));
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
  return { urls, names, drop };
}
