import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { withAccelerate } from "@prisma/extension-accelerate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setResourceConnection } from "@/lib/server/data/resource-connections";
import { clientFor } from "../support/accelerate-client/harness";
import { makeApiKey, makeTenant } from "../support/factories";
import { testGateway } from "../support/gateway";
import { createThrowawayDatabases, withClient, type ThrowawayDatabases } from "../support/throwaway-databases";
import { startGatewayProcess, type GatewayProcess } from "./support";

// Two `npm run gateway` processes on one PostgreSQL, each caching the same resource's reads:
// `$accelerate.invalidate({tags})` sent to one returns only once the other dropped its entries too
// (the key-events NOTIFY and acknowledgements), so a read on the other process right after it
// returns is never the old value. Each round changes the row straight in the database first, so
// every cached answer is provably stale until the invalidation.

const consoleKey = randomBytes(32).toString("base64");
process.env.PLATFORM_ENCRYPTION_KEY = consoleKey;

const schemaSql = fs.readFileSync(path.resolve(import.meta.dirname, "../support/accelerate-client/schema.sql"), "utf8");
let databases: ThrowawayDatabases;
let gateways: GatewayProcess[] = [];
let key: string;

type Health = { queries: { cache: { enabled: boolean } } | null };
const cacheEnabled = async (gateway: GatewayProcess) => ((await (await fetch(`${gateway.url}/health`)).json()) as Health).queries?.cache.enabled === true;

beforeAll(async () => {
  databases = await createThrowawayDatabases("platform_cache", 1, schemaSql);
  await testGateway({ port: null });
  const env = (name: string) => ({ PLATFORM_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "gateway-data-")), PLATFORM_ENCRYPTION_KEY: consoleKey, GATEWAY_INSTANCE_NAME: name });
  gateways = await Promise.all([startGatewayProcess(process.env.DATABASE_URL!, env("cache-a")), startGatewayProcess(process.env.DATABASE_URL!, env("cache-b"))]);
  const tenant = await makeTenant();
  await setResourceConnection(tenant.owner.actor, { resourceId: tenant.resourceId, connectionString: databases.urls[0]! });
  key = (await makeApiKey(tenant)).plaintext;
  // Caching starts with each process's first heartbeat lease.
  for (let attempt = 0; !(await Promise.all(gateways.map(cacheEnabled))).every(Boolean); attempt++) {
    if (attempt > 200) throw new Error("the gateways never turned their query cache on");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  await databases?.drop();
});

const via = (gateway: GatewayProcess) => clientFor(`prisma+postgres://127.0.0.1:${new URL(gateway.url).port}/?api_key=${key}`).$extends(withAccelerate());

describe("the query cache on two gateway processes", () => {
  it("invalidate on one process: the other has dropped the entry by the time it returns (0 stale reads)", async () => {
    const [a, b] = [via(gateways[0]!), via(gateways[1]!)];
    const email = `${randomUUID()}@example.test`;
    await withClient(databases.urls[0]!, (client) => client.query(`INSERT INTO "User" ("email", "name") VALUES ($1, 'v0')`, [email]));
    const read = (client: typeof a) => client.user.findUnique({ where: { email }, cacheStrategy: { ttl: 300, tags: ["shared_user"] } }).withAccelerateInfo();
    const rounds = 20;
    let stale = 0;
    let cachedBeforeInvalidate = 0;
    const latencies: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      await Promise.all([read(a), read(b)]); // both processes hold the current value
      await withClient(databases.urls[0]!, (client) => client.query(`UPDATE "User" SET "name" = $1 WHERE "email" = $2`, [`v${round}`, email]));
      const [beforeA, beforeB] = await Promise.all([read(a), read(b)]);
      if (beforeA.info?.cacheStatus === "ttl" && beforeB.info?.cacheStatus === "ttl" && beforeB.data?.name !== `v${round}`) cachedBeforeInvalidate++;
      // Alternate which process receives the invalidation; read on the other one right after.
      const [sender, other] = round % 2 ? [a, b] : [b, a];
      const started = performance.now();
      await sender.$accelerate.invalidate({ tags: ["shared_user"] });
      latencies.push(performance.now() - started);
      const after = await read(other);
      if (after.data?.name !== `v${round}`) stale++;
      expect(after.info?.cacheStatus).toBe("miss");
    }
    latencies.sort((x, y) => x - y);
    console.info(`cache invalidation across 2 processes: ${rounds} rounds, p50 ${latencies[rounds / 2]!.toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`);
    expect(cachedBeforeInvalidate).toBe(rounds); // every round really served a stale value from both caches first
    expect(stale).toBe(0);
  });
});
