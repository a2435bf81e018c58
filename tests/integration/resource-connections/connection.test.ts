import crypto from "node:crypto";
import net from "node:net";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { registerKeyEventSink, type KeyEvent } from "@/lib/gateway/key-events";
import { createStoredConnectionResolver } from "@/lib/gateway/query";
import type { Queryable } from "@/lib/gateway/store";
import { setResourceConnectionSchema } from "@/lib/schemas/database-connection";
import { parseEncryptionKey } from "@/lib/secrets/connection-encryption";
import { deleteResource } from "@/lib/server/data/resources";
import {
  getResourceConnection,
  removeResourceConnection,
  setResourceConnection,
  testResourceConnection,
} from "@/lib/server/data/resource-connections";
import { db, embeddedPglite } from "@/lib/server/db";
import { makeMember, makeTenant } from "../../support/factories";

// A resource's database connection: encrypted at rest (no part of the password in the row),
// described but never returned, per role, per workspace, testable, and read back by the gateway's
// resolver (plain SQL + decryption) exactly as it was set.

const TEST_KEY = crypto.randomBytes(32).toString("base64");
process.env.PLATFORM_ENCRYPTION_KEY = TEST_KEY; // read on first use by the data module
const PASSWORD = "Sup3r-Secret-Pw";
const url = (host = "db.example.com", port = 5432) => `postgresql://shop_user:${PASSWORD}@${host}:${port}/shop?sslmode=require`;
const serverUrl = process.env.TEST_DATABASE_ADMIN_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

let pool: pg.Pool | null = null;
async function consoleDatabase(): Promise<Queryable> {
  const pglite = await embeddedPglite();
  if (pglite) return pglite as unknown as Queryable;
  pool ??= new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  return pool;
}
afterAll(() => pool?.end());

async function rawRow(resourceId: string): Promise<Record<string, unknown>> {
  const rows = await (await db()).$queryRaw<Record<string, unknown>[]>`SELECT * FROM "Resource" WHERE "id" = ${resourceId}`;
  return rows[0]!;
}

describe("setting a connection", () => {
  it("stores only ciphertext, returns host/port/database/user, and the gateway's resolver reads back the same string", async () => {
    const tenant = await makeTenant();
    const developer = await makeMember(tenant, "DEVELOPER");
    const dto = await setResourceConnection(developer.actor, { resourceId: tenant.resourceId, connectionString: url() });
    expect(dto).toEqual({ host: "db.example.com", port: 5432, name: "shop", user: "shop_user", updatedAt: expect.any(String) });
    expect(JSON.stringify(dto)).not.toContain(PASSWORD);

    const row = await rawRow(tenant.resourceId);
    const text = JSON.stringify(row);
    for (const secret of [PASSWORD, "shop_user", "db.example.com", "postgresql://"]) expect(text).not.toContain(secret);
    expect(String(row.connectionCiphertext)).toMatch(/^v1\./);

    const resolver = createStoredConnectionResolver({ database: await consoleDatabase(), key: parseEncryptionKey(TEST_KEY, "test") });
    expect(await resolver(tenant.resourceId)).toEqual({ kind: "postgres", url: url() });
    expect(await resolver("db_0000000000000000")).toBeNull();

    await removeResourceConnection(developer.actor, { resourceId: tenant.resourceId });
    expect(await getResourceConnection(developer.actor, tenant.resourceId)).toBeNull();
    expect((await rawRow(tenant.resourceId)).connectionCiphertext).toBeNull();
    resolver.invalidate(tenant.resourceId);
    expect(await resolver(tenant.resourceId)).toBeNull();
  });

  it("announces each change as a resource event, so gateways drop the old pool at once", async () => {
    const tenant = await makeTenant();
    const events: (KeyEvent | null)[] = [];
    const unregister = registerKeyEventSink({ applyKeyEvent: (event) => events.push(event) });
    try {
      await setResourceConnection(tenant.owner.actor, { resourceId: tenant.resourceId, connectionString: url() });
      await removeResourceConnection(tenant.owner.actor, { resourceId: tenant.resourceId });
    } finally {
      unregister();
    }
    expect(events).toEqual([
      expect.objectContaining({ type: "revoked", resourceId: tenant.resourceId }),
      expect.objectContaining({ type: "revoked", resourceId: tenant.resourceId }),
    ]);
  });

  it("refuses a tampered ciphertext, a row copied from another resource and another key (gateway: P6008)", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    await setResourceConnection(tenant.owner.actor, { resourceId: tenant.resourceId, connectionString: url() });
    const prisma = await db();
    const stored = String((await rawRow(tenant.resourceId)).connectionCiphertext);
    const database = await consoleDatabase();

    const noKey = createStoredConnectionResolver({ database, key: () => { throw new Error("No encryption key: set it (/srv/.data/encryption-key)"); } });
    const missing = await noKey(tenant.resourceId).catch((error: { code: string; message: string }) => error);
    expect(missing).toMatchObject({ code: "P6008", message: expect.stringContaining("PLATFORM_ENCRYPTION_KEY") });
    expect((missing as { message: string }).message).not.toContain("/srv/.data");
    const wrongKey = createStoredConnectionResolver({ database, key: parseEncryptionKey(crypto.randomBytes(32).toString("hex"), "other") });
    await expect(wrongKey(tenant.resourceId)).rejects.toMatchObject({ code: "P6008", message: expect.stringContaining("another key") });

    await prisma.resource.update({ where: { id: other.resourceId }, data: { connectionCiphertext: stored } });
    const resolver = createStoredConnectionResolver({ database, key: parseEncryptionKey(TEST_KEY, "test") });
    await expect(resolver(other.resourceId)).rejects.toMatchObject({ code: "P6008", message: expect.stringContaining("integrity check") });
    await expect(getResourceConnection(other.owner.actor, other.resourceId)).rejects.toMatchObject({ reason: "tampered" });

    const parts = stored.split(".");
    parts[3] = `${parts[3]![0] === "A" ? "B" : "A"}${parts[3]!.slice(1)}`;
    await prisma.resource.update({ where: { id: tenant.resourceId }, data: { connectionCiphertext: parts.join(".") } });
    await expect(resolver(tenant.resourceId)).rejects.toMatchObject({ code: "P6008" });
  });

  it("is deleted with its resource", async () => {
    const tenant = await makeTenant();
    await setResourceConnection(tenant.owner.actor, { resourceId: tenant.resourceId, connectionString: url() });
    await deleteResource(tenant.owner.actor, { resourceId: tenant.resourceId });
    expect(await (await db()).$queryRaw<unknown[]>`SELECT 1 FROM "Resource" WHERE "id" = ${tenant.resourceId}`).toEqual([]);
  });

  it("validates the string with one schema whose messages never repeat it", () => {
    const result = setResourceConnectionSchema.safeParse({ resourceId: "db_0000000000000001", connectionString: `mysql://u:${PASSWORD}@h/d` });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error!.issues)).not.toContain(PASSWORD);
  });
});

describe("who may see and change it", () => {
  it("lets a Viewer see the description only, hides it from Billing and from other workspaces", async () => {
    const tenant = await makeTenant();
    const outsider = await makeTenant();
    await setResourceConnection(tenant.owner.actor, { resourceId: tenant.resourceId, connectionString: url() });
    const viewer = await makeMember(tenant, "VIEWER");
    const billing = await makeMember(tenant, "BILLING");
    const input = { resourceId: tenant.resourceId, connectionString: url("evil.example.com") };

    expect(await getResourceConnection(viewer.actor, tenant.resourceId)).toMatchObject({ host: "db.example.com", user: "shop_user" });
    await expect(setResourceConnection(viewer.actor, input)).rejects.toMatchObject({ code: "permission-denied" });
    await expect(removeResourceConnection(viewer.actor, { resourceId: tenant.resourceId })).rejects.toMatchObject({ code: "permission-denied" });
    await expect(testResourceConnection(viewer.actor, { resourceId: tenant.resourceId })).rejects.toMatchObject({ code: "permission-denied" });
    for (const actor of [billing.actor, outsider.owner.actor]) {
      await expect(getResourceConnection(actor, tenant.resourceId)).rejects.toMatchObject({ code: "resource-not-found" });
      await expect(setResourceConnection(actor, input)).rejects.toMatchObject({ code: "resource-not-found" });
      await expect(testResourceConnection(actor, { resourceId: tenant.resourceId })).rejects.toMatchObject({ code: "resource-not-found" });
    }
    expect(await getResourceConnection(tenant.owner.actor, tenant.resourceId)).toMatchObject({ host: "db.example.com" });
  });
});

describe("Test connection", () => {
  it("reports server version and latency for a reachable server", async () => {
    const tenant = await makeTenant();
    const result = await testResourceConnection(tenant.owner.actor, { resourceId: tenant.resourceId, connectionString: serverUrl });
    expect(result).toMatchObject({ ok: true, serverVersion: expect.stringMatching(/^\d+/), latencyMs: expect.any(Number), connectMs: expect.any(Number) });
  });

  it("reports an unreachable stored connection with host and cause, never the password", async () => {
    const tenant = await makeTenant();
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, "127.0.0.1", () => {
        const { port: free } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    await setResourceConnection(tenant.owner.actor, { resourceId: tenant.resourceId, connectionString: url("127.0.0.1", port) });
    const result = await testResourceConnection(tenant.owner.actor, { resourceId: tenant.resourceId });
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining(`shop_user@127.0.0.1:${port}/shop: connection refused`) });
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
  });

  it("applies PLATFORM_DATABASE_HOSTS before connecting", async () => {
    const tenant = await makeTenant();
    process.env.PLATFORM_DATABASE_HOSTS = "10.0.0.0/8";
    try {
      const result = await testResourceConnection(tenant.owner.actor, { resourceId: tenant.resourceId, connectionString: serverUrl });
      expect(result).toMatchObject({ ok: false, message: expect.stringContaining("not in PLATFORM_DATABASE_HOSTS") });
    } finally {
      delete process.env.PLATFORM_DATABASE_HOSTS;
    }
  });
});
