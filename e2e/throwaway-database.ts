// A database of the test's own on the local PostgreSQL server (127.0.0.1:5432, trust auth, or
// TEST_DATABASE_ADMIN_URL), for specs that point a resource's connection string at a real server.
// Never the shared databases: each call creates one with a unique name, and drop() removes it.
import { randomBytes } from "node:crypto";
import pg from "pg";

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

export type ThrowawayDatabase = {
  name: string;
  host: string;
  port: number;
  user: string;
  /** A connection string to it with `password` in it (a trust-auth server ignores the password). */
  url: (password: string) => string;
  drop: () => Promise<void>;
};

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${new URL(ADMIN_URL).host} (${(error as Error).message}): start it or set TEST_DATABASE_ADMIN_URL.`);
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createThrowawayDatabase(label: string): Promise<ThrowawayDatabase> {
  const name = `e2e_${label}_${randomBytes(4).toString("hex")}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  const server = new URL(ADMIN_URL);
  const user = decodeURIComponent(server.username) || "postgres";
  const host = server.hostname;
  const port = Number(server.port || 5432);
  return {
    name,
    host,
    port,
    user,
    url: (password) => `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${name}`,
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
