import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setResourceConnection } from "@/lib/server/data/resource-connections";
import { getResourceUsage } from "@/lib/server/data/usage";
import { clientFor } from "../support/accelerate-client/harness";
import { makeApiKey, makeTenant, type Tenant } from "../support/factories";
import { testGateway } from "../support/gateway";
import { createThrowawayDatabases, type ThrowawayDatabases } from "../support/throwaway-databases";
import { sleep, startGatewayProcess, type GatewayProcess } from "./support";

// Two `npm run gateway` processes on one PostgreSQL record the same key's and the same shape's
// requests in the same minutes: their flushes add up (INSERT … ON CONFLICT DO UPDATE adds), so the
// Console shows the sum, not whichever process wrote last. A third process with GATEWAY_USAGE=off
// serves queries and records nothing.

const consoleKey = randomBytes(32).toString("base64");
process.env.PLATFORM_ENCRYPTION_KEY = consoleKey;

const schemaSql = fs.readFileSync(path.resolve(import.meta.dirname, "../support/accelerate-client/schema.sql"), "utf8");
let databases: ThrowawayDatabases;
let gateways: GatewayProcess[] = [];
let tenant: Tenant;

beforeAll(async () => {
  databases = await createThrowawayDatabases("platform_usage2", 1, schemaSql);
  await testGateway({ port: null });
  const env = (name: string, extra: Record<string, string> = {}) => ({
    PLATFORM_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "gateway-data-")),
    PLATFORM_ENCRYPTION_KEY: consoleKey,
    GATEWAY_INSTANCE_NAME: name,
    GATEWAY_USAGE_FLUSH_MS: "100",
    ...extra,
  });
  gateways = await Promise.all([
    startGatewayProcess(process.env.DATABASE_URL!, env("usage-a")),
    startGatewayProcess(process.env.DATABASE_URL!, env("usage-b")),
    startGatewayProcess(process.env.DATABASE_URL!, env("usage-off", { GATEWAY_USAGE: "off" })),
  ]);
  tenant = await makeTenant();
  await setResourceConnection(tenant.owner.actor, { resourceId: tenant.resourceId, connectionString: databases.urls[0]! });
});

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  await databases?.drop();
});

const via = (gateway: GatewayProcess, key: string) => clientFor(`prisma+postgres://127.0.0.1:${new URL(gateway.url).port}/?api_key=${key}`);

describe("usage on several gateway processes", () => {
  it("adds up: 20 requests on one process and 30 on the other show as 50 for the key and its shape", async () => {
    const { apiKey, plaintext } = await makeApiKey(tenant);
    const [a, b] = [via(gateways[0]!, plaintext), via(gateways[1]!, plaintext)];
    const email = `${randomUUID()}@example.test`;
    const read = (client: typeof a) => client.user.findMany({ where: { email }, take: 20 });
    // Interleaved, so both processes write the same minute rows.
    for (let i = 0; i < 30; i++) await Promise.all(i < 20 ? [read(a), read(b)] : [read(b)]);
    const off = via(gateways[2]!, (await makeApiKey(tenant)).plaintext);
    for (let i = 0; i < 5; i++) await read(off);

    let report = await getResourceUsage(tenant.owner.actor, tenant.resourceId, {});
    for (let attempt = 0; attempt < 50 && (report.keys.find((key) => key.id === apiKey.id)?.requests ?? 0) < 52; attempt++) {
      await sleep(100);
      report = await getResourceUsage(tenant.owner.actor, tenant.resourceId, {});
    }
    // 50 queries + one GET /connection-info per client (process).
    expect(report.keys).toEqual([{ id: apiKey.id, name: apiKey.name, requests: 52 }]);
    const shape = report.topByCount.find((item) => item.model === "User" && item.operation === "findMany");
    expect(shape?.count).toBe(50);
    expect(report.topByCount.filter((item) => item.operation === "findMany")).toHaveLength(1);
  });
});
