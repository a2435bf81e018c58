import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteApiKey } from "@/lib/server/data/api-keys";
import { setResourceConnection } from "@/lib/server/data/resource-connections";
import { clientFor, rejectionOf } from "../support/accelerate-client/harness";
import { makeApiKey, makeTenant, type Tenant } from "../support/factories";
import { testGateway } from "../support/gateway";
import { createThrowawayDatabases, withClient, type ThrowawayDatabases } from "../support/throwaway-databases";
import { startGatewayProcess, type GatewayProcess } from "./support";

// `npm run gateway` (scripts/gateway/run.mjs, its own process, on PostgreSQL) serves queries: with
// the Console's PLATFORM_ENCRYPTION_KEY it runs a Prisma Client's queries on the key's resource's
// database, and a key deleted in the Console (this process, which listens and waits for every
// gateway's acknowledgement, as the Console does) ends that process's open transaction at once.
// With another key, or none, it still verifies keys but answers queries P6008 naming the variable.

const consoleKey = randomBytes(32).toString("base64");
process.env.PLATFORM_ENCRYPTION_KEY = consoleKey; // this process is the Console: it encrypts with it

const schemaSql = fs.readFileSync(path.resolve(import.meta.dirname, "../support/accelerate-client/schema.sql"), "utf8");
// Every gateway gets an empty data folder of its own, so no key file of this machine's is found.
const emptyDataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "gateway-data-"));
let databases: ThrowawayDatabases;
let withKey: GatewayProcess;
let wrongKey: GatewayProcess;
let noKey: GatewayProcess;

beforeAll(async () => {
  databases = await createThrowawayDatabases("platform_standalone", 1, schemaSql);
  await testGateway({ port: null });
  const env = (key: string | null) => ({ PLATFORM_DATA_DIR: emptyDataDir(), PLATFORM_ENCRYPTION_KEY: key ?? "" });
  [withKey, wrongKey, noKey] = await Promise.all([
    startGatewayProcess(process.env.DATABASE_URL!, env(consoleKey)),
    startGatewayProcess(process.env.DATABASE_URL!, env(randomBytes(32).toString("hex"))),
    startGatewayProcess(process.env.DATABASE_URL!, env(null)),
  ]);
});

afterAll(async () => {
  await Promise.all([withKey, wrongKey, noKey].map((gateway) => gateway?.stop()));
  await databases?.drop();
});

async function keyedResource(): Promise<{ tenant: Tenant; key: string; keyId: string }> {
  const tenant = await makeTenant();
  await setResourceConnection(tenant.owner.actor, { resourceId: tenant.resourceId, connectionString: databases.urls[0]! });
  const { apiKey, plaintext } = await makeApiKey(tenant);
  return { tenant, key: plaintext, keyId: apiKey.id };
}

const snippetUrl = (gateway: GatewayProcess, key: string) => `prisma+postgres://127.0.0.1:${new URL(gateway.url).port}/?api_key=${key}`;

describe("npm run gateway", () => {
  it("with the Console's PLATFORM_ENCRYPTION_KEY runs a Prisma Client's queries on the key's resource's database", async () => {
    const { key } = await keyedResource();
    const client = clientFor(snippetUrl(withKey, key));
    const email = `${randomUUID().slice(0, 8)}@example.com`;
    const created = await client.user.create({ data: { email, posts: { create: [{ title: "a" }, { title: "b" }] } }, include: { posts: true } });
    expect(created.posts).toHaveLength(2);
    expect(await client.post.count({ where: { authorId: created.id } })).toBe(2);
    const [row] = await client.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
    expect(row!.name).toBe(databases.names[0]);
  });

  it("rolls back its open transaction when the key is deleted in the Console; the next request gets P6002", async () => {
    const { tenant, key, keyId } = await keyedResource();
    const client = clientFor(snippetUrl(withKey, key));
    const email = `${randomUUID().slice(0, 8)}@example.com`;
    const failure = await rejectionOf(
      client.$transaction(async (tx) => {
        await tx.user.create({ data: { email } });
        await deleteApiKey(tenant.owner.actor, { apiKeyId: keyId }); // returns once every gateway acknowledged
        await tx.user.count();
      }),
    );
    expect(failure).toMatchObject({ code: "P6002", message: expect.stringContaining("The provided API Key is invalid") });
    expect(await withClient(databases.urls[0]!, async (pg) => (await pg.query(`SELECT 1 FROM "User" WHERE "email" = $1`, [email])).rowCount)).toBe(0);
    const health = await (await fetch(`${withKey.url}/health`)).json();
    expect(health.queries).toMatchObject({ transactions: 0 });
  });

  it("with another key answers P6008 naming PLATFORM_ENCRYPTION_KEY; without any, the same, and its log says what to set", async () => {
    const { key } = await keyedResource();
    for (const gateway of [wrongKey, noKey]) {
      const failure = await rejectionOf(clientFor(snippetUrl(gateway, key)).user.count());
      expect(failure.code).toBe("P6008");
      expect(failure.message).toContain("PLATFORM_ENCRYPTION_KEY");
      // Keys still verify there: the failure is the connection's, not the key's.
      const verified = await fetch(`${gateway.url}/api/v1/keys/verify`, { method: "POST", body: JSON.stringify({ key }) });
      expect(verified.status).toBe(200);
    }
    expect((await rejectionOf(clientFor(snippetUrl(wrongKey, key)).user.count())).message).toContain("encrypted with another key");
    expect(noKey.output()).toContain("No encryption key: set PLATFORM_ENCRYPTION_KEY");
    expect(noKey.output()).not.toContain(consoleKey);
  });
});
