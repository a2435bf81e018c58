import { randomUUID } from "node:crypto";
import net from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INSTANCE_COOKIE, parseHostAllowlist } from "@/lib/gateway/query";
import { GatewayQueryError } from "@/lib/gateway/query/errors";
import {
  accelerateRequest,
  clientFor,
  postgresUrls,
  RESOURCE_A,
  RESOURCE_B,
  RESOURCE_NONE,
  rejectionOf,
  startTestGateway,
  type TestGateway,
} from "../support/accelerate-client/harness";
import { startPasswordCluster, type PasswordCluster } from "../support/accelerate-client/password-cluster";

// Which database a key reaches (its resource's, only), what a user reads when that database cannot
// be reached or its password is wrong (P6008: host and cause, never the password; other resources
// keep working), a resource without a connection (P6010), the host allowlist, and client versions.

const UNREACHABLE = "db_uuuuuuuuuuuuuuuu";
const WRONG_PASSWORD = "db_wwwwwwwwwwwwwwww";
const SECRET = "s3cret-Passw0rd";

let gateway: TestGateway;
let cluster: PasswordCluster;
let closedPort: number;

beforeAll(async () => {
  cluster = await startPasswordCluster();
  closedPort = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const [a, b] = postgresUrls();
  gateway = await startTestGateway({
    [RESOURCE_A]: { kind: "postgres", url: a },
    [RESOURCE_B]: { kind: "postgres", url: b },
    [RESOURCE_NONE]: null,
    [UNREACHABLE]: { kind: "postgres", url: `postgresql://app:${SECRET}@127.0.0.1:${closedPort}/shop` },
    [WRONG_PASSWORD]: { kind: "postgres", url: `postgresql://${cluster.user}:${SECRET}@${cluster.host}:${cluster.port}/postgres` },
  });
});
afterAll(async () => {
  await gateway.close();
  cluster.destroy();
});

describe("the key's resource decides the database", () => {
  it("lets a key of A see only A's rows and a key of B only B's, whatever else the request says", async () => {
    const address = `${randomUUID().slice(0, 8)}@example.com`;
    const direct = new pg.Client({ connectionString: postgresUrls()[1] });
    await direct.connect();
    await direct.query(`INSERT INTO "User" ("email") VALUES ($1)`, [address]);
    await direct.end();
    const viaA = clientFor(gateway.keyFor(RESOURCE_A).url);
    const viaB = clientFor(gateway.keyFor(RESOURCE_B).url);
    expect(await viaA.user.findUnique({ where: { email: address } })).toBeNull();
    expect(await viaB.user.findUnique({ where: { email: address } })).toMatchObject({ email: address });

    const plan = { operation: "queryRaw", plan: { type: "query", args: { type: "rawSql", sql: "SELECT current_database() AS db", args: [], argTypes: [] } }, params: {} };
    const answer = await accelerateRequest(gateway.port, "/query", {
      key: gateway.keyFor(RESOURCE_A).key,
      body: { ...plan, datasourceUrl: postgresUrls()[1], resourceId: RESOURCE_B },
      headers: { "x-prisma-datasource-url": postgresUrls()[1], "x-resource-id": RESOURCE_B },
    });
    expect(JSON.stringify(answer.json.data)).toContain(new URL(postgresUrls()[0]).pathname.slice(1));
  });

  it("answers GET /connection-info with what the client's query compiler needs", async () => {
    const answer = await accelerateRequest(gateway.port, "/connection-info", { key: gateway.keyFor(RESOURCE_A).key, method: "GET" });
    expect(answer).toMatchObject({ status: 200, json: { provider: "postgres", connectionInfo: { supportsRelationJoins: true } } });
    // A Prisma Client's first request: the instance cookie is in its jar before any transaction.
    expect(answer.headers["set-cookie"]?.[0]).toBe(`${INSTANCE_COOKIE}=${gateway.engine.instanceId}; Path=/; HttpOnly; SameSite=Strict`);
  });
});

describe("when the database cannot be used", () => {
  it("answers P6008 naming host and cause but never the password, while other resources keep working", async () => {
    const broken = clientFor(gateway.keyFor(UNREACHABLE).url);
    const healthy = clientFor(gateway.keyFor(RESOURCE_A).url);
    const [failure, count] = await Promise.all([rejectionOf(broken.user.count()), healthy.user.count()]);
    console.log("DEBUG", failure.message, JSON.stringify(failure.meta));
    expect(typeof count).toBe("number");
    expect(failure.code).toBe("P6008");
    expect(failure.message).toContain(`app@127.0.0.1:${closedPort}/shop`);
    expect(failure.message).toContain("connection refused");
    expect(failure.message).toContain("Settings → Database connection");
    expect(JSON.stringify(failure)).not.toContain(SECRET);
    expect(await healthy.user.count()).toBe(count);
  });

  it("answers a wrong password with P6008 that says so, without the password", async () => {
    const failure = await rejectionOf(clientFor(gateway.keyFor(WRONG_PASSWORD).url).user.count());
    console.log("DEBUG", failure.message, JSON.stringify(failure.meta));
    expect(failure.code).toBe("P6008");
    expect(failure.message).toContain(`${cluster.host}:${cluster.port}`);
    expect(failure.message).toContain(`password authentication failed for user "${cluster.user}"`);
    expect(`${failure.message} ${JSON.stringify(failure.meta)}`).not.toContain(SECRET);
  });

  it("answers P6010 for a resource without a database connection, saying where to set one", async () => {
    const failure = await rejectionOf(clientFor(gateway.keyFor(RESOURCE_NONE).url).user.count());
    console.log("DEBUG", failure.message, JSON.stringify(failure.meta));
    expect(failure.code).toBe("P6010");
    expect(failure.message).toContain("Settings → Database connection");
  });

  it("passes the resolver's own answer through, and answers a failed lookup with P6008 and Retry-After", async () => {
    const refusing = await startTestGateway({}, {
      resolveConnection: async (resourceId) => {
        if (resourceId === RESOURCE_A) throw new GatewayQueryError("P6008", "The stored connection string was encrypted with another key.");
        throw new Error("connect ECONNREFUSED 127.0.0.1:5432 (the Console's database)");
      },
    });
    try {
      const undecryptable = await rejectionOf(clientFor(refusing.keyFor(RESOURCE_A).url).user.count());
      expect(undecryptable).toMatchObject({ code: "P6008", message: expect.stringContaining("encrypted with another key") });
      const lookup = await accelerateRequest(refusing.port, "/connection-info", { key: refusing.keyFor(RESOURCE_B).key, method: "GET" });
      expect(lookup).toMatchObject({ status: 503, json: { code: "P6008" } });
      expect(lookup.headers["retry-after"]).toBe("1");
      expect(JSON.stringify(lookup.json)).not.toContain("ECONNREFUSED");
    } finally {
      await refusing.close();
    }
  });

  it("refuses a host outside PLATFORM_DATABASE_HOSTS before connecting, and allows a listed one", async () => {
    const refusing = await startTestGateway({ [RESOURCE_A]: { kind: "postgres", url: postgresUrls()[0] } }, { allowlist: parseHostAllowlist("10.0.0.0/8,db.internal") });
    const allowing = await startTestGateway({ [RESOURCE_A]: { kind: "postgres", url: postgresUrls()[0] } }, { allowlist: parseHostAllowlist("10.0.0.0/8, 127.0.0.0/8") });
    try {
      const failure = await rejectionOf(clientFor(refusing.keyFor(RESOURCE_A).url).user.count());
      expect(failure.code).toBe("P6008");
      expect(failure.message).toContain("not in PLATFORM_DATABASE_HOSTS");
      expect(typeof (await clientFor(allowing.keyFor(RESOURCE_A).url).user.count())).toBe("number");
    } finally {
      await refusing.close();
      await allowing.close();
    }
  });
});

describe("client versions", () => {
  it.each(["7.4.0", "7.11.0", "6.19.0", "7.10.0-dev.58x/"])("answers P6006 naming the served versions to a client %s", async (version) => {
    const answer = await accelerateRequest(gateway.port, "/connection-info", { key: gateway.keyFor(RESOURCE_A).key, method: "GET", headers: { "Prisma-Engine-Hash": version } });
    expect(answer).toMatchObject({ status: 400, json: { code: "P6006", meta: { supportedVersions: "7.5.0 to 7.10.x" } } });
    expect(answer.json.message).toContain("7.5.0 to 7.10.x");
  });

  it("answers P6006 to a request without a version, and to Prisma 6's Data Proxy paths", async () => {
    const { key } = gateway.keyFor(RESOURCE_A);
    const noVersion = await accelerateRequest(gateway.port, "/query", { key, body: {}, headers: { "Prisma-Engine-Hash": "" } });
    expect(noVersion.json).toMatchObject({ code: "P6006" });
    const legacy = await accelerateRequest(gateway.port, `/6.19.0/${"0".repeat(40)}/graphql`, { key, body: {} });
    expect(legacy.json).toMatchObject({ code: "P6006", meta: { clientVersion: "6.19.0" } });
  });

  it("serves a 7.5 and a 7.9 version string (the range between the proven 7.8 and 7.10)", async () => {
    for (const version of ["7.5.0", "7.9.1"]) {
      const answer = await accelerateRequest(gateway.port, "/connection-info", { key: gateway.keyFor(RESOURCE_A).key, method: "GET", headers: { "Prisma-Engine-Hash": version } });
      expect(answer.status).toBe(200);
    }
  });
});
