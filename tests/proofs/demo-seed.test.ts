import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resolveDatabaseTarget } from "@/lib/server/database-target.mjs";
import { closeDb, db } from "@/lib/server/db";
import { DEMO } from "@/lib/server/seed-demo";
import { prepareDemoSeeding } from "@/lib/server/seed-demo-decision.mjs";

// Issue 8, item 6: a fresh PostgreSQL database must not come up with the demo Admin and its
// published password. The start script's own preparation (prepareDemoSeeding, as scripts/start.mjs
// calls it) and the server's first database use (db(), which seeds) run against a new database on
// the PostgreSQL server, emptied between cases.

const adminUrl = process.env.TEST_DATABASE_ADMIN_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const name = `platform_console_demo_${Date.now()}_${randomBytes(3).toString("hex")}`;
const migrationsDir = path.resolve(import.meta.dirname, "../../prisma/migrations");
let databaseUrl: string;
const savedDatabaseUrl = process.env.DATABASE_URL;

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** What `npm start` does before its server opens the database, then the server's first query. */
async function startServerWith(env: Record<string, string | undefined>): Promise<string[]> {
  await closeDb();
  process.env.DATABASE_URL = databaseUrl;
  delete process.env.PLATFORM_DEMO;
  delete process.env.PLATFORM_SEED_DEMO;
  Object.assign(process.env, env);
  prepareDemoSeeding(process.env, resolveDatabaseTarget());
  const prisma = await db();
  return (await prisma.user.findMany({ select: { email: true } })).map((user) => user.email);
}

beforeAll(async () => {
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  await withAdmin(databaseUrl, async (client) => {
    for (const migration of fs.readdirSync(migrationsDir).filter((entry) => /^\d/.test(entry)).sort()) {
      await client.query(fs.readFileSync(path.join(migrationsDir, migration, "migration.sql"), "utf8"));
    }
  });
});

afterEach(async () => {
  await closeDb();
  await withAdmin(databaseUrl, (client) => client.query(`TRUNCATE "User", "Workspace" CASCADE`));
  process.env.DATABASE_URL = savedDatabaseUrl;
  delete process.env.PLATFORM_DEMO;
  delete process.env.PLATFORM_SEED_DEMO;
});

afterAll(async () => {
  await closeDb();
  await withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
});

describe("the demo account on a fresh PostgreSQL database", () => {
  it("is not seeded by default", async () => {
    expect(await startServerWith({})).toEqual([]);
  });

  it("is not seeded with PLATFORM_DEMO=0", async () => {
    expect(await startServerWith({ PLATFORM_DEMO: "0" })).toEqual([]);
  });

  it("is seeded when asked for with PLATFORM_DEMO=1", async () => {
    expect(await startServerWith({ PLATFORM_DEMO: "1" })).toEqual([DEMO.email]);
  });

  it("is not seeded even if something else sets PLATFORM_SEED_DEMO=1 without PLATFORM_DEMO=1", async () => {
    await closeDb();
    process.env.DATABASE_URL = databaseUrl;
    process.env.PLATFORM_SEED_DEMO = "1";
    const prisma = await db();
    expect(await prisma.user.count()).toBe(0);
  });
});
