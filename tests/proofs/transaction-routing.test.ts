import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setResourceConnection } from "@/lib/server/data/resource-connections";
import { clientFor, rejectionOf } from "../support/accelerate-client/harness";
import { makeApiKey, makeTenant } from "../support/factories";
import { testGateway } from "../support/gateway";
import { createThrowawayDatabases, withClient, type ThrowawayDatabases } from "../support/throwaway-databases";
import { startRoutingProxy, type RoutingProxy, type RoutingRule } from "./routing-proxy";
import { health, startGatewayProcess, type GatewayProcess } from "./support";

// Several gateway processes (`npm run gateway`, two of them on one PostgreSQL) behind a load
// balancer (./routing-proxy.ts) that round-robins everything: an interactive transaction lives in
// the process that started it, so the balancer needs one of the README's rules ("Several gateway
// processes") — route /transaction/<name>.… by the id's prefix, route on the gateway_instance
// cookie, or its own sticky-session cookie. With each, Prisma Clients running concurrent interactive
// transactions through it commit and roll back exactly what they should, on both processes. With
// none, the misrouted request is answered at once with P2028 naming the process that holds the
// transaction and the rules: no hang, no write, and the transaction is rolled back.

const consoleKey = randomBytes(32).toString("base64");
process.env.PLATFORM_ENCRYPTION_KEY = consoleKey; // this process is the Console: it encrypts with it

const schemaSql = fs.readFileSync(path.resolve(import.meta.dirname, "../support/accelerate-client/schema.sql"), "utf8");
let databases: ThrowawayDatabases;
let gateways: GatewayProcess[] = [];
let proxy: RoutingProxy;
let key: string;

beforeAll(async () => {
  databases = await createThrowawayDatabases("platform_routing", 1, schemaSql);
  await testGateway({ port: null });
  const env = (name: string) => ({
    PLATFORM_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "gateway-data-")),
    PLATFORM_ENCRYPTION_KEY: consoleKey,
    GATEWAY_INSTANCE_NAME: name,
  });
  gateways = await Promise.all([startGatewayProcess(process.env.DATABASE_URL!, env("gw-a")), startGatewayProcess(process.env.DATABASE_URL!, env("gw-b"))]);
  proxy = await startRoutingProxy(gateways.map((gateway) => ({ name: gateway.instanceName, url: gateway.url })), "round-robin");
  const tenant = await makeTenant();
  await setResourceConnection(tenant.owner.actor, { resourceId: tenant.resourceId, connectionString: databases.urls[0]! });
  key = (await makeApiKey(tenant)).plaintext;
});

afterAll(async () => {
  await proxy?.close();
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  await databases?.drop();
});

const viaProxy = () => clientFor(`prisma+postgres://127.0.0.1:${new URL(proxy.url).port}/?api_key=${key}`);

class Rollback extends Error {}

// The gateway's longest transaction and wait (GATEWAY_TRANSACTION_TIMEOUT_MS, _MAX_WAIT_MS).
const ROOMY = { timeout: 15_000, maxWait: 10_000 };

const committedEmails = (emails: string[]) =>
  withClient(databases.urls[0]!, async (client) => {
    const { rows } = await client.query<{ email: string; posts: number }>(
      `SELECT u."email", count(p."id")::int AS posts FROM "User" u LEFT JOIN "Post" p ON p."authorId" = u."id" WHERE u."email" = ANY($1) GROUP BY u."email"`,
      [emails],
    );
    return new Map(rows.map((row) => [row.email, row.posts]));
  });

/**
 * `clients` Prisma Clients, each running two loops of `perLoop` interactive transactions at once
 * (start, a create, a nested create, a read of its own writes, then commit, or a rollback for every
 * third): returns which emails must be there and which must not.
 */
async function transactionsThroughProxy(clients: number, perLoop: number) {
  const committed: string[] = [];
  const rolledBack: string[] = [];
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const prisma = viaProxy();
      await Promise.all(
        [0, 1].map(async () => {
          for (let i = 0; i < perLoop; i++) {
            const email = `${randomUUID().slice(0, 12)}@example.com`;
            const rollBack = i % 3 === 2;
            const outcome = prisma.$transaction(async (tx) => {
              const user = await tx.user.create({ data: { email } });
              await tx.post.create({ data: { title: "in a transaction", authorId: user.id } });
              expect(await tx.post.count({ where: { authorId: user.id } })).toBe(1);
              if (rollBack) throw new Rollback();
            }, ROOMY); // a slow machine must not turn a routing proof into a timeout
            if (rollBack) {
              await expect(outcome).rejects.toBeInstanceOf(Rollback);
              rolledBack.push(email);
            } else {
              await outcome;
              committed.push(email);
            }
          }
        }),
      );
    }),
  );
  return { committed, rolledBack };
}

const RULES: [RoutingRule, string][] = [
  ["path", "routes /transaction/<name>.… to the process named <name>"],
  ["instance-cookie", "routes on the gateway_instance cookie"],
  ["balancer-cookie", "uses the balancer's own sticky-session cookie"],
];

describe("two gateway processes behind a round-robin load balancer", () => {
  it("name themselves as GATEWAY_INSTANCE_NAME says, in /health and in transaction ids", async () => {
    expect(gateways.map((gateway) => gateway.instanceName)).toEqual(["gw-a", "gw-b"]);
    for (const gateway of gateways) expect(await health(gateway.url)).toMatchObject({ instanceName: gateway.instanceName });
  });

  for (const [rule, title] of RULES) {
    it(`${title}: concurrent interactive transactions commit and roll back correctly, on both processes`, async () => {
      proxy.setRule(rule);
      const from = proxy.forwarded.length;
      const { committed, rolledBack } = await transactionsThroughProxy(4, 3);
      const rows = await committedEmails([...committed, ...rolledBack]);
      expect(committed).toHaveLength(16);
      for (const email of committed) expect(rows.get(email), email).toBe(1);
      for (const email of rolledBack) expect(rows.has(email), email).toBe(false);

      const seen = proxy.forwarded.slice(from);
      // Both processes held transactions …
      for (const gateway of gateways) {
        expect(seen.filter((request) => request.path === "/transaction/start" && request.backend === gateway.instanceName).length).toBeGreaterThan(0);
      }
      // … and every request of a transaction reached the process named in its id; none was refused.
      const ofTransactions = seen.filter((request) => /^\/transaction\/[^/]+\//.test(request.path) && request.path !== "/transaction/start");
      expect(ofTransactions.length).toBeGreaterThanOrEqual(24 * 4);
      for (const request of ofTransactions) expect(request.path.startsWith(`/transaction/${request.backend}.`), request.path).toBe(true);
      expect(seen.filter((request) => request.status !== 200)).toEqual([]);
      for (const gateway of gateways) expect((await health(gateway.url)).queries).toMatchObject({ transactions: 0 });
    });
  }

  it("without a rule, the misrouted request gets P2028 naming the owner and the rules at once; nothing is written", async () => {
    proxy.setRule("round-robin");
    const from = proxy.forwarded.length;
    const prisma = viaProxy();
    const email = `${randomUUID().slice(0, 12)}@example.com`;
    // A fresh client sends GET /connection-info, then /transaction/start, then the create: with two
    // processes and strict round-robin, the create reaches the process that does not hold it.
    // The message proves it was answered, not left to expire (that would say "expired transaction").
    const failure = await rejectionOf(prisma.$transaction(async (tx) => tx.user.create({ data: { email } }), { timeout: 5_000 }));
    const start = proxy.forwarded.slice(from).find((request) => request.path === "/transaction/start")!;
    const other = gateways.find((gateway) => gateway.instanceName !== start.backend)!;
    expect(failure.code).toBe("P2028");
    expect(failure.message).toContain(`Transaction not found on this gateway process (${other.instanceName}): it was started on ${start.backend}.`);
    expect(failure.message).toContain(`route /transaction/<name>.… to the process named <name> (here ${start.backend})`);
    expect(failure.message).toContain("gateway_instance cookie");
    expect(failure.message).toContain("sticky-session cookie");
    const misrouted = proxy.forwarded.slice(from).find((request) => request.errorCode === "P2028")!;
    expect(misrouted).toMatchObject({ backend: other.instanceName, status: 409 });
    expect(misrouted.path).toMatch(new RegExp(`^/transaction/${start.backend}\\.[0-9A-Za-z]{32}/query$`));
    // The owner's transaction ends (the client's rollback, or its deadline) and wrote nothing.
    await expect.poll(async () => (await health(gateways.find((gateway) => gateway.instanceName === start.backend)!.url)).queries, { timeout: 10_000 }).toMatchObject({ transactions: 0 });
    expect((await committedEmails([email])).size).toBe(0);
    // The same client works again once the balancer routes by a rule.
    proxy.setRule("path");
    await prisma.$transaction(async (tx) => tx.user.create({ data: { email } }));
    expect((await committedEmails([email])).get(email)).toBe(0);
  });
});
