import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { checkFixture78, generateCurrentClient } from "./generate.mjs";

// The accelerate project's global setup: the test clients are generated (or found up to date), and
// two throwaway PostgreSQL databases are created with ./schema.sql (two, so that a key of one
// resource can be shown not to reach the other's), dropped after the run.

declare module "vitest" {
  export interface ProvidedContext {
    accelerateDatabaseUrls: [string, string];
  }
}

const DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

async function admin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    const where = new URL(adminUrl);
    throw new Error(`PostgreSQL is not reachable at ${where.hostname}:${where.port || 5432} (${(error as Error).message}); start it or set TEST_DATABASE_ADMIN_URL.`);
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject) {
  checkFixture78();
  generateCurrentClient();
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL || DEFAULT_ADMIN_URL;
  const suffix = `${Date.now()}_${randomBytes(4).toString("hex")}`;
  const names = [`platform_accelerate_a_${suffix}`, `platform_accelerate_b_${suffix}`];
  const schema = fs.readFileSync(path.join(import.meta.dirname, "schema.sql"), "utf8");
  const urls = names.map((name) => {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }) as [string, string];
  const drop = () =>
    admin(adminUrl, async (client) => {
      for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    });
  try {
    await admin(adminUrl, async (client) => {
      for (const name of names) await client.query(`CREATE DATABASE "${name}"`);
    });
    for (const url of urls) await admin(url, (client) => client.query(schema));
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
  project.provide("accelerateDatabaseUrls", urls);
  return drop;
}
