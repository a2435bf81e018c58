import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { STOREFRONT_CUSTOMERS, STOREFRONT_ORDERS, STOREFRONT_PRODUCTS } from "@/lib/demo/storefront";
import { createGateway } from "@/lib/gateway/gateway";
import { DEFAULT_HTTP_SERVER_LIMITS } from "@/lib/net/http-server-limits";
import { decryptConnectionString, loadEncryptionKey } from "@/lib/secrets/connection-encryption";
import { createApiKey } from "@/lib/server/data/api-keys";
import { provisionPostgresDemoDatabase } from "@/lib/server/demo-database";
import { startPasswordCluster, type PasswordCluster } from "../support/accelerate-client/password-cluster";
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
// The Console's key for connection strings (the seed encrypts storefront-db's with it).
process.env.PLATFORM_ENCRYPTION_KEY = randomBytes(32).toString("base64");

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
  await withAdmin(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    // What a PLATFORM_DEMO=1 seed creates beside it (storefront-db's demo database and its role).
    await client.query(`DROP DATABASE IF EXISTS "${name}_demo" WITH (FORCE)`);
    await client.query(`DROP ROLE IF EXISTS "${name}_demo"`);
  });
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

// Issue 9: the demo's storefront-db has a database connection from the start. On PostgreSQL, the
// seed creates `<db>_demo` on the same server with a role of its own and stores that connection
// (encrypted); the example app (examples/accelerate) then prints its rows through the gateway.
describe("storefront-db's demo database on PostgreSQL", () => {
  const demoName = () => `${name}_demo`;

  async function storedDemoConnection(): Promise<string> {
    const prisma = await db();
    const resource = await prisma.resource.findFirstOrThrow({ where: { name: DEMO.database } });
    return decryptConnectionString(resource.connectionCiphertext!, loadEncryptionKey(), resource.id);
  }

  it("is a separate database `<db>_demo` with its own role, seeded with the storefront, from which no Console table is reachable", async () => {
    expect(await startServerWith({ PLATFORM_DEMO: "1" })).toEqual([DEMO.email]);
    const url = new URL(await storedDemoConnection());
    expect(decodeURIComponent(url.pathname.slice(1))).toBe(demoName());
    expect(decodeURIComponent(url.username)).toBe(demoName());
    expect(url.password.length).toBeGreaterThanOrEqual(32);

    await withAdmin(url.toString(), async (client) => {
      const { rows } = await client.query(`SELECT current_user AS "user", current_database() AS "database", (SELECT count(*)::int FROM "Product") AS products, (SELECT count(*)::int FROM "Order") AS orders`);
      expect(rows[0]).toEqual({ user: demoName(), database: demoName(), products: STOREFRONT_PRODUCTS.length, orders: STOREFRONT_ORDERS.length });
      // The Console's tables are not in this database …
      expect((await client.query(`SELECT to_regclass('"ApiKey"') AS t, to_regclass('"User"') AS u`)).rows[0]).toEqual({ t: null, u: null });
      const { rows: role } = await client.query(`SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user`);
      expect(role[0]).toEqual({ rolsuper: false, rolcreatedb: false, rolcreaterole: false });
    });
    // … and the role may not read them in the Console's database either.
    const intoConsole = new URL(url);
    intoConsole.pathname = `/${name}`;
    await withAdmin(intoConsole.toString(), async (client) => {
      for (const table of ["User", "ApiKey", "Resource", "Session"]) {
        await expect(client.query(`SELECT * FROM "${table}" LIMIT 1`), table).rejects.toMatchObject({ code: "42501" });
      }
    });
  });

  it("is reused by a second seed (new password, same rows), and the example app prints its rows through the gateway", async () => {
    await startServerWith({ PLATFORM_DEMO: "1" });
    const first = await storedDemoConnection();
    await closeDb();
    await withAdmin(databaseUrl, (client) => client.query(`TRUNCATE "User", "Workspace" CASCADE`));
    await startServerWith({ PLATFORM_DEMO: "1" });
    const second = await storedDemoConnection();
    expect(new URL(second).password).not.toBe(new URL(first).password);
    await withAdmin(second, async (client) => {
      expect((await client.query(`SELECT count(*)::int AS n FROM "Product"`)).rows[0].n).toBe(STOREFRONT_PRODUCTS.length);
    });

    const prisma = await db();
    const demoUser = await prisma.user.findUniqueOrThrow({ where: { email: DEMO.email } });
    const storefront = await prisma.resource.findFirstOrThrow({ where: { name: DEMO.database } });
    const { plaintext } = await createApiKey({ type: "user", userId: demoUser.id }, { resourceId: storefront.id, name: "example" });
    const gateway = await createGateway(
      { kind: "postgres", url: databaseUrl },
      { port: 0, host: "127.0.0.1", trustProxy: false, failedVerifyBurst: 100, failedVerifyPerSecond: 100, cacheSize: 10, http: DEFAULT_HTTP_SERVER_LIMITS, log: () => {} },
    );
    try {
      const example = await runExample(`prisma+postgres://127.0.0.1:${gateway.port}/?api_key=${plaintext}`);
      expect(example.status, example.output).toBe(0);
      expect(example.output).toContain(`Products (${STOREFRONT_PRODUCTS.length}):`);
      expect(example.output).toMatch(/MUG-001 +Stoneware mug +\$14\.00 +stock +120 +orders: SO-1001 Ada Lovelace ×2/);
      expect(example.output).toContain(`Customers: ${STOREFRONT_CUSTOMERS.length}, orders: ${STOREFRONT_ORDERS.length}`);
      expect(example.output).toMatch(/Placed order EX-\w+ for Ada Lovelace: 1 × Sticker pack \(stock now 499\)/);
    } finally {
      await gateway.close();
    }
  });
});

describe("the demo role's password", () => {
  // The shared server trusts local connections, so a cluster that checks passwords shows that the
  // role's SCRAM verifier (computed here, never sent as plaintext) works, and that a new seed's
  // password replaces the old one.
  let cluster: PasswordCluster;
  beforeAll(async () => {
    cluster = await startPasswordCluster();
  });
  afterAll(() => cluster?.destroy());

  it("opens the demo database, and after a second provisioning only the new one does", async () => {
    const consoleUrl = `postgresql://${cluster.user}:${cluster.password}@${cluster.host}:${cluster.port}/postgres`;
    const first = await provisionPostgresDemoDatabase(consoleUrl);
    const count = (url: string) => withAdmin(url, async (client) => (await client.query(`SELECT count(*)::int AS n FROM "Product"`)).rows[0].n);
    expect(await count(first)).toBe(STOREFRONT_PRODUCTS.length);
    const second = await provisionPostgresDemoDatabase(consoleUrl);
    expect(await count(second)).toBe(STOREFRONT_PRODUCTS.length);
    await expect(count(first)).rejects.toMatchObject({ code: "28P01" });
    // Nobody else may connect to it: PUBLIC's CONNECT was revoked.
    await withAdmin(consoleUrl, (client) => client.query(`CREATE ROLE "someone_else" LOGIN PASSWORD 'another-password-1'`));
    const someoneElse = new URL(second);
    someoneElse.username = "someone_else";
    someoneElse.password = "another-password-1";
    await expect(count(someoneElse.toString())).rejects.toMatchObject({ code: "42501" });
  });
});

/** `npm run example:accelerate` with DATABASE_URL set to the snippet's URL. */
function runExample(databaseUrl: string): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.resolve(import.meta.dirname, "../../examples/accelerate/run.mjs")], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (status) => resolve({ status, output }));
  });
}
