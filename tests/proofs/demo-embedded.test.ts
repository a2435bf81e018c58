import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMBEDDED_DEMO_CONNECTION } from "@/lib/demo/embedded";
import { STOREFRONT_CUSTOMERS, STOREFRONT_ORDERS, STOREFRONT_PRODUCTS } from "@/lib/demo/storefront";
import { EmbeddedDemoDatabase } from "@/lib/gateway/demo-database";
import { createGateway, type Gateway, type GatewayConfig } from "@/lib/gateway/gateway";
import { DEFAULT_HTTP_SERVER_LIMITS } from "@/lib/net/http-server-limits";
import { decryptConnectionString, loadEncryptionKey } from "@/lib/secrets/connection-encryption";
import { createApiKey } from "@/lib/server/data/api-keys";
import { testResourceConnection } from "@/lib/server/data/resource-connections";
import { db, embeddedPglite } from "@/lib/server/db";
import { DEMO, seedDemoIfEmpty } from "@/lib/server/seed-demo";
import { clientFor, rejectionOf } from "../support/accelerate-client/harness";

// Issue 9: on the embedded database (`npm start` with no DATABASE_URL), the demo's storefront-db
// works with zero setup: the seed stores the embedded demo marker as its connection (encrypted),
// and the gateway in the Console's process runs its queries on a second PGlite in the data folder,
// seeded with the storefront once. The example app prints its rows; a restart changes nothing;
// a gateway without the demo database (a standalone one) says where it lives.

process.env.DATABASE_URL = "memory://"; // this file's Console database: an in-memory PGlite (db() opens it on first use)
process.env.PLATFORM_ENCRYPTION_KEY = randomBytes(32).toString("base64");
const migrationsDir = path.resolve(import.meta.dirname, "../../prisma/migrations");
const demoFolder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "platform-demo-")), "demo-pglite");
const config: GatewayConfig = { port: 0, host: "127.0.0.1", trustProxy: false, failedVerifyBurst: 100, failedVerifyPerSecond: 100, cacheSize: 10, http: DEFAULT_HTTP_SERVER_LIMITS, log: () => {} };

let demo: EmbeddedDemoDatabase;
let gateway: Gateway;
let key: string;
let storefrontId: string;
let actor: { type: "user"; userId: string };

beforeAll(async () => {
  const pglite = (await embeddedPglite())!;
  for (const migration of fs.readdirSync(migrationsDir).filter((entry) => /^\d/.test(entry)).sort()) {
    await pglite.exec(fs.readFileSync(path.join(migrationsDir, migration, "migration.sql"), "utf8"));
  }
  const prisma = await db();
  expect(await seedDemoIfEmpty(prisma)).toBe(true);
  const user = await prisma.user.findUniqueOrThrow({ where: { email: DEMO.email } });
  actor = { type: "user", userId: user.id };
  storefrontId = (await prisma.resource.findFirstOrThrow({ where: { name: DEMO.database } })).id;
  key = (await createApiKey(actor, { resourceId: storefrontId, name: "example" })).plaintext;
  demo = new EmbeddedDemoDatabase(demoFolder);
  gateway = await createGateway({ kind: "pglite", pglite }, { ...config, embeddedDemo: () => demo.target() });
});

afterAll(async () => {
  await gateway?.close();
  await demo?.close();
  fs.rmSync(path.dirname(demoFolder), { recursive: true, force: true });
});

describe("storefront-db on the embedded database", () => {
  it("is seeded with the embedded demo marker as its connection, stored encrypted", async () => {
    const row = await (await db()).resource.findUniqueOrThrow({ where: { id: storefrontId } });
    expect(row.connectionCiphertext).toMatch(/^v1\./);
    expect(decryptConnectionString(row.connectionCiphertext!, loadEncryptionKey(), storefrontId)).toBe(EMBEDDED_DEMO_CONNECTION);
  });

  it("runs the example app's queries on the embedded demo database, opened and seeded on first use", async () => {
    expect(fs.existsSync(demoFolder)).toBe(false); // nothing opened before the first query
    const example = await runExample(`prisma+postgres://127.0.0.1:${gateway.port}/?api_key=${key}`);
    expect(example.status, example.output).toBe(0);
    expect(example.output).toContain(`Products (${STOREFRONT_PRODUCTS.length}):`);
    expect(example.output).toMatch(/PEN-001 +Brass pen +\$32\.00 +stock +30 +orders: SO-1003 Alan Turing ×1, SO-1005 Edsger Dijkstra ×2/);
    expect(example.output).toContain(`Customers: ${STOREFRONT_CUSTOMERS.length}, orders: ${STOREFRONT_ORDERS.length}`);
    expect(example.output).toMatch(/Placed order EX-\w+ for Ada Lovelace: 1 × Sticker pack \(stock now 499\)/);
    expect(fs.existsSync(demoFolder)).toBe(true);
  });

  it("answers the Console's Test connection from the process that holds it", async () => {
    const unpublish = demo.publish();
    try {
      const result = await testResourceConnection(actor, { resourceId: storefrontId });
      expect(result).toMatchObject({ ok: true, serverVersion: expect.stringContaining("PGlite") });
    } finally {
      unpublish();
    }
    expect(await testResourceConnection(actor, { resourceId: storefrontId })).toMatchObject({ ok: false, message: expect.stringContaining("Console's own process") });
  });

  it("keeps its rows across a restart and seeds nothing twice", async () => {
    await demo.close();
    demo = new EmbeddedDemoDatabase(demoFolder);
    const { rows } = await (await demo.open()).query<{ products: number; orders: number }>(
      `SELECT (SELECT count(*)::int FROM "Product") AS products, (SELECT count(*)::int FROM "Order") AS orders`,
    );
    expect(rows[0]).toEqual({ products: STOREFRONT_PRODUCTS.length, orders: STOREFRONT_ORDERS.length + 1 }); // + the example's order
  });

  it("is not served by a gateway that does not hold it: P6008 says where it lives", async () => {
    const elsewhere = await createGateway({ kind: "pglite", pglite: (await embeddedPglite())! }, config);
    try {
      const failure = await rejectionOf(clientFor(`prisma+postgres://127.0.0.1:${elsewhere.port}/?api_key=${key}`).user.count());
      expect(failure).toMatchObject({ code: "P6008", message: expect.stringContaining("embedded demo database, which lives in the Console's own process") });
    } finally {
      await elsewhere.close();
    }
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
