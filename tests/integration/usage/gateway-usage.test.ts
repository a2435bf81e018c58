import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { withAccelerate } from "@prisma/extension-accelerate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "@/lib/gateway/gateway";
import { setResourceConnection } from "@/lib/server/data/resource-connections";
import { getKeyUsage, getResourceUsage } from "@/lib/server/data/usage";
import { listApiKeys } from "@/lib/server/data/api-keys";
import { db } from "@/lib/server/db";
import { clientFor, rejectionOf } from "../../support/accelerate-client/harness";
import { makeApiKey, makeMember, makeTenant, type Tenant } from "../../support/factories";
import { testGateway } from "../../support/gateway";
import { createThrowawayDatabases, type ThrowawayDatabases } from "../../support/throwaway-databases";
import { GET as keyUsageRoute } from "@/app/api/v1/api-keys/[id]/usage/route";
import { GET as resourceUsageRoute } from "@/app/api/v1/environments/[id]/usage/route";
import { call, personalToken } from "../api/client";

// Issue 10, phase B: N requests of a real Prisma Client 7.10 (with @prisma/extension-accelerate)
// through the real gateway (verifier, query engine, usage recorder) → after the flush the Console's
// data layer shows N per key and per query shape; a value sent as a query parameter (a canary) is
// stored nowhere in the usage tables.

process.env.PLATFORM_ENCRYPTION_KEY = randomBytes(32).toString("base64");

const schemaSql = fs.readFileSync(path.resolve(import.meta.dirname, "../../support/accelerate-client/schema.sql"), "utf8");
let databases: ThrowawayDatabases;
let gateway: Gateway;
let tenant: Tenant;

beforeAll(async () => {
  databases = await createThrowawayDatabases("platform_usage", 1, schemaSql);
  gateway = await testGateway();
  tenant = await makeTenant();
  await setResourceConnection(tenant.owner.actor, { resourceId: tenant.resourceId, connectionString: databases.urls[0]! });
});
afterAll(() => databases?.drop());

const urlOf = (key: string) => `prisma+postgres://127.0.0.1:${gateway.port}/?api_key=${key}`;

/** Every text of every usage row of the resource, as PostgreSQL prints it. */
async function storedUsageText(resourceId: string): Promise<string> {
  const prisma = await db();
  const rows = await prisma.$queryRaw<{ row: string }[]>`
    SELECT t::text AS row FROM "UsageMinute" t WHERE "resourceId" = ${resourceId}
    UNION ALL SELECT t::text FROM "UsageShape" t WHERE "resourceId" = ${resourceId}
    UNION ALL SELECT t::text FROM "UsageShapeHour" t WHERE "resourceId" = ${resourceId}`;
  return rows.map((row) => row.row).join("\n");
}

describe("usage recorded by the gateway", () => {
  it("N requests → N per key and per shape after the flush; a parameter canary is never stored", async () => {
    const [a, b] = [await makeApiKey(tenant), await makeApiKey(tenant)];
    const canary = `canary-${randomUUID()}`;
    const clientA = clientFor(urlOf(a.plaintext)).$extends(withAccelerate());
    const clientB = clientFor(urlOf(b.plaintext));
    const N = 12;
    for (let i = 0; i < N; i++) await clientA.user.findMany({ where: { email: `${canary}@example.test`, name: { contains: canary } }, take: 20 });
    for (let i = 0; i < 3; i++) await clientB.user.count({ where: { name: canary } });
    // Two cached reads of one entry: a miss, then a hit.
    for (let i = 0; i < 2; i++) await clientA.user.findFirst({ where: { name: canary }, cacheStrategy: { ttl: 60 } });
    // An error answered with a code: a unique violation (P2002), twice.
    const email = `${randomUUID()}@example.test`;
    await clientB.user.create({ data: { email } });
    for (let i = 0; i < 2; i++) expect((await rejectionOf(clientB.user.create({ data: { email } }))).code).toBe("P2002");
    await gateway.usage!.flush();

    const report = await getResourceUsage(tenant.owner.actor, tenant.resourceId, { from: new Date(Date.now() - 3_600_000).toISOString() });
    // Each client's first request is GET /connection-info.
    const perKey = new Map(report.keys.map((key) => [key.id, key.requests]));
    expect(perKey.get(a.apiKey.id)).toBe(1 + N + 2);
    expect(perKey.get(b.apiKey.id)).toBe(1 + 3 + 3);
    expect(report.totals.requests).toBe(1 + N + 2 + 1 + 3 + 3);
    expect(report.totals).toMatchObject({ errors: 2, cacheHits: 1, cacheMisses: 1, cacheHitRate: 0.5 });
    expect(report.errorsByCode).toEqual([{ code: "P2002", count: 2 }]);
    expect(report.totals.p99Ms).toBeGreaterThan(0);
    expect(report.series.reduce((sum, point) => sum + point.requests, 0)).toBe(report.totals.requests);

    const findMany = report.topByCount.find((shape) => shape.model === "User" && shape.operation === "findMany");
    expect(findMany).toMatchObject({ count: N, rows: 0 });
    expect(findMany!.text).toMatch(/^SELECT .*FROM .*"User".*LIMIT \?/);
    expect(report.topByCount.find((shape) => shape.operation === "aggregate" || shape.operation === "count")?.count).toBe(3);
    // The cache hit ran no query: findFirst ran once.
    expect(report.topByCount.find((shape) => shape.operation === "findFirst")?.count).toBe(1);

    // One key's view.
    const onlyB = await getKeyUsage(tenant.owner.actor, b.apiKey.id, {});
    expect(onlyB).toMatchObject({ keyId: b.apiKey.id, totals: { requests: 7, errors: 2 } });
    expect(onlyB.topByCount.some((shape) => shape.operation === "findMany")).toBe(false);

    // The canary: in no stored row, in no answer.
    const stored = await storedUsageText(tenant.resourceId);
    expect(stored).toContain("User");
    expect(stored).not.toContain(canary);
    expect(stored).not.toContain(email);
    expect(JSON.stringify(report)).not.toContain(canary);

    // The key list: requests in the last 24 h and 24 hourly points.
    const page = await listApiKeys(tenant.owner.actor, { resourceId: tenant.resourceId });
    const listed = page.items.find((item) => item.id === a.apiKey.id)!;
    expect(listed.usage24h?.requests).toBe(1 + N + 2);
    expect(listed.usage24h?.hourly).toHaveLength(24);
    expect(listed.usage24h?.hourly.at(-1)).toBe(1 + N + 2);
  });

  it("a Viewer reads usage; another workspace's member gets not found; a key of another resource is not found", async () => {
    const viewer = await makeMember(tenant, "VIEWER");
    expect((await getResourceUsage(viewer.actor, tenant.resourceId, {})).resourceId).toBe(tenant.resourceId);
    const other = await makeTenant();
    await expect(getResourceUsage(other.owner.actor, tenant.resourceId, {})).rejects.toMatchObject({ code: "resource-not-found" });
    const foreignKey = await makeApiKey(other);
    await expect(getResourceUsage(tenant.owner.actor, tenant.resourceId, { keyId: foreignKey.apiKey.id })).rejects.toMatchObject({ code: "resource-not-found" });
    await expect(getKeyUsage(other.owner.actor, (await makeApiKey(tenant)).apiKey.id, {})).rejects.toMatchObject({ code: "resource-not-found" });
  });

  it("bad ranges are refused with a clear message", async () => {
    await expect(getResourceUsage(tenant.owner.actor, tenant.resourceId, { from: "yesterday" })).rejects.toThrow(/ISO 8601/);
    const to = new Date().toISOString();
    await expect(getResourceUsage(tenant.owner.actor, tenant.resourceId, { from: to, to })).rejects.toThrow(/before/);
    await expect(getResourceUsage(tenant.owner.actor, tenant.resourceId, { from: new Date(Date.now() - 30 * 86_400_000).toISOString() })).rejects.toThrow(/14 days/);
  });

  it("REST: GET /environments/{id}/usage and /api-keys/{id}/usage for a Viewer's token; bad parameters are a 422", async () => {
    const { apiKey, plaintext } = await makeApiKey(tenant);
    const client = clientFor(urlOf(plaintext));
    for (let i = 0; i < 4; i++) await client.user.count();
    await gateway.usage!.flush();
    const token = await personalToken((await makeMember(tenant, "VIEWER")).actor);
    const whole = await call(resourceUsageRoute, "GET", { token, id: tenant.resourceId, query: `keyId=${apiKey.id}` });
    expect(whole.status).toBe(200);
    expect(whole.json.data).toMatchObject({ keyId: apiKey.id, totals: { requests: 5 } });
    const one = await call(keyUsageRoute, "GET", { token, id: apiKey.id, query: `from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}` });
    expect(one.status).toBe(200);
    expect(one.json.data.totals.requests).toBe(5);
    expect(one.json.data.slotSeconds).toBe(60);
    const bad = await call(resourceUsageRoute, "GET", { token, id: tenant.resourceId, query: "from=last-week" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("ISO 8601");
    expect((await call(resourceUsageRoute, "GET", { token, id: tenant.resourceId, query: "limit=5" })).status).toBe(422);
    expect((await call(resourceUsageRoute, "GET", { token: await personalToken((await makeTenant()).owner.actor), id: tenant.resourceId })).status).toBe(404);
  });

  it("the sweep deletes rows past the retention and rows of resources that are gone, and keeps the rest", async () => {
    const prisma = await db();
    const old = new Date(Date.now() - 15 * 86_400_000);
    const recent = new Date(Date.now() - 60_000 - (Date.now() % 60_000));
    const gone = "db_gonegonegonegone";
    for (const [resourceId, minute] of [[tenant.resourceId, old], [gone, recent], [tenant.resourceId, recent]] as const) {
      await prisma.$executeRaw`INSERT INTO "UsageMinute" ("resourceId", "keyId", "minute", "requests", "latency") VALUES (${resourceId}, 'key_sweepsweepsweep', ${minute}, 1, '{1}') ON CONFLICT DO NOTHING`;
    }
    await gateway.usage!.sweep(); // GATEWAY_USAGE_RETENTION_DAYS: 14 by default
    const left = await prisma.$queryRaw<{ resourceId: string; minute: Date }[]>`SELECT "resourceId", "minute" FROM "UsageMinute" WHERE "keyId" = 'key_sweepsweepsweep'`;
    expect(left.map((row) => [row.resourceId, row.minute.getTime()])).toEqual([[tenant.resourceId, recent.getTime()]]);
  });
});
