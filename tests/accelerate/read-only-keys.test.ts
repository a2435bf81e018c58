import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientFor, freshPglite, rejectionOf, RESOURCE_A, startTestGateway, type TestGateway } from "../support/accelerate-client/harness";
import { createThrowawayDatabases, type ThrowawayDatabases } from "../support/throwaway-databases";
import type { PrismaClient } from "../support/accelerate-client/generated/v7-10/client";

// Issue 11: a read-only key's writes are refused by the gateway before anything reaches the database.
// The proof on PostgreSQL is the database's own record: statement-level triggers log every INSERT,
// UPDATE, DELETE and TRUNCATE on the tables (they fire even for a statement that changes 0 rows),
// the sequences' values (which advance even when a statement later fails or rolls back), the rows,
// and pg_stat_activity: refusals outside a transaction never even opened a connection.

const schemaSql = fs.readFileSync(path.join(import.meta.dirname, "../support/accelerate-client/schema.sql"), "utf8");
const STATEMENT_LOG = `
  CREATE TABLE statement_log (id serial PRIMARY KEY, tbl text, op text, at timestamptz DEFAULT now());
  CREATE FUNCTION log_statement() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO statement_log (tbl, op) VALUES (TG_TABLE_NAME, TG_OP); RETURN NULL; END $$;
  CREATE TRIGGER user_log AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "User" FOR EACH STATEMENT EXECUTE FUNCTION log_statement();
  CREATE TRIGGER post_log AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Post" FOR EACH STATEMENT EXECUTE FUNCTION log_statement();
  CREATE TRIGGER tag_log AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Tag" FOR EACH STATEMENT EXECUTE FUNCTION log_statement();`;

/** Every write a read-only key may try, as a Prisma Client app would send it. */
function writes(prisma: PrismaClient, userId: number): [string, () => Promise<unknown>][] {
  return [
    ["create", () => prisma.user.create({ data: { email: "new@example.com" } })],
    ["nested create", () => prisma.user.create({ data: { email: "n@example.com", posts: { create: { title: "p" } } } })],
    ["createMany", () => prisma.user.createMany({ data: [{ email: "m1@example.com" }] })],
    ["createManyAndReturn", () => prisma.user.createManyAndReturn({ data: [{ email: "m2@example.com" }] })],
    ["update", () => prisma.user.update({ where: { id: userId }, data: { name: "changed" } })],
    ["updateMany", () => prisma.user.updateMany({ data: { name: "changed" } })],
    ["upsert", () => prisma.user.upsert({ where: { email: "u@example.com" }, create: { email: "u@example.com" }, update: {} })],
    ["delete", () => prisma.user.delete({ where: { id: userId } })],
    ["deleteMany", () => prisma.post.deleteMany({})],
    ["$executeRaw", () => prisma.$executeRaw`UPDATE "User" SET "name" = 'x'`],
    ["$executeRawUnsafe", () => prisma.$executeRawUnsafe(`DELETE FROM "Tag"`)],
    ["$queryRaw INSERT … RETURNING", () => prisma.$queryRaw`INSERT INTO "Tag" ("name") VALUES ('t') RETURNING "id"`],
    ["$queryRaw WITH … DELETE", () => prisma.$queryRawUnsafe(`WITH gone AS (DELETE FROM "Post" RETURNING *) SELECT count(*) FROM gone`)],
    ["$queryRaw two statements", () => prisma.$queryRawUnsafe(`SELECT 1; DELETE FROM "Post"`)],
    ["$queryRaw SELECT nextval", () => prisma.$queryRawUnsafe(`SELECT nextval('"User_id_seq"')`)],
    ["$queryRaw SELECT … INTO", () => prisma.$queryRawUnsafe(`SELECT * INTO copied FROM "User"`)],
    ["$queryRaw SELECT … FOR UPDATE", () => prisma.$queryRawUnsafe(`SELECT * FROM "User" FOR UPDATE`)],
    ["$queryRaw TRUNCATE", () => prisma.$queryRawUnsafe(`TRUNCATE "Tag"`)],
    ["$queryRaw set_config", () => prisma.$queryRawUnsafe(`SELECT set_config('search_path', 'x', false)`)],
    ["batch $transaction", () => prisma.$transaction([prisma.user.count(), prisma.user.create({ data: { email: "b@example.com" } })])],
    ["interactive $transaction", () => prisma.$transaction(async (tx) => tx.user.create({ data: { email: "i@example.com" } }))],
  ];
}

describe("read-only keys on PostgreSQL", () => {
  let databases: ThrowawayDatabases;
  let direct: pg.Client;
  let gateway: TestGateway;
  let readOnly: PrismaClient;
  let userId: number;

  const snapshot = async () => ({
    log: (await direct.query("SELECT count(*)::int AS n FROM statement_log")).rows[0].n as number,
    sequences: (await direct.query(`SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' AND sequencename <> 'statement_log_id_seq' ORDER BY 1`)).rows,
    users: (await direct.query(`SELECT * FROM "User" ORDER BY id`)).rows,
    posts: (await direct.query(`SELECT * FROM "Post" ORDER BY id`)).rows,
    tags: (await direct.query(`SELECT * FROM "Tag" ORDER BY id`)).rows,
  });

  beforeAll(async () => {
    databases = await createThrowawayDatabases("readonly_keys", 1, schemaSql + STATEMENT_LOG);
    direct = new pg.Client({ connectionString: databases.urls[0] });
    await direct.connect();
    const { rows } = await direct.query(`INSERT INTO "User" (email, name) VALUES ('ada@example.com', 'Ada') RETURNING id`);
    userId = rows[0].id;
    await direct.query(`INSERT INTO "Post" (title, "authorId") VALUES ('hello', $1)`, [userId]);
    await direct.query(`INSERT INTO "Tag" (name) VALUES ('news')`);
    gateway = await startTestGateway({ [RESOURCE_A]: { kind: "postgres", url: databases.urls[0]! } });
    readOnly = clientFor(gateway.keyFor(RESOURCE_A, undefined, { permission: "READ_ONLY" }).url);
  });

  afterAll(async () => {
    await readOnly?.$disconnect();
    await gateway?.close();
    await direct?.end();
    await databases?.drop();
  });

  it("refuses every write with P6011 before anything reaches the database", async () => {
    const before = await snapshot();
    expect(before.log).toBe(3); // the seed's three inserts: the log works
    for (const [label, write] of writes(readOnly, userId).filter(([label]) => label !== "interactive $transaction" && label !== "batch $transaction")) {
      const error = await rejectionOf(write());
      expect({ label, code: error.code }).toEqual({ label, code: "P6011" });
      expect(error.message).toContain("This API key is read-only");
    }
    // Not one of them even opened a connection to the resource's database (the gateway's pool keeps
    // connections for a minute, so any statement sent would have left one).
    const others = await direct.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
    expect(others.rows[0].n).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses writes in batch and interactive transactions too, and runs those transactions READ ONLY", async () => {
    const before = await snapshot();
    for (const [label, write] of writes(readOnly, userId).filter(([label]) => label.includes("$transaction"))) {
      const error = await rejectionOf(write());
      expect({ label, code: error.code }).toEqual({ label, code: "P6011" });
    }
    // The database itself refuses writes in a read-only key's transaction (defence in depth).
    const setting = await readOnly.$transaction(async (tx) => tx.$queryRawUnsafe<{ ro: string }[]>(`SELECT current_setting('transaction_read_only') AS ro`));
    expect(setting).toEqual([{ ro: "on" }]);
    // And so does a raw query's own transaction: a function that writes, which no text check can see.
    await direct.query(`CREATE FUNCTION sneaky() RETURNS int LANGUAGE sql AS $$ INSERT INTO "Tag"(name) VALUES ('sneaky') RETURNING id $$`);
    const sneaky = await rejectionOf(readOnly.$queryRawUnsafe(`SELECT sneaky()`));
    expect(sneaky.message).toMatch(/read-only transaction/);
    expect(gateway.engine.stats().transactions).toBe(0);
    const after = await snapshot();
    expect({ ...after, sequences: undefined }).toEqual({ ...before, sequences: undefined });
    expect(after.sequences).toEqual(before.sequences);
  });

  it("serves reads: findMany with include, count, aggregate, groupBy, findUnique and a raw SELECT", async () => {
    expect(await readOnly.user.findMany({ include: { posts: true } })).toMatchObject([{ email: "ada@example.com", posts: [{ title: "hello" }] }]);
    expect(await readOnly.post.count()).toBe(1);
    expect(await readOnly.post.aggregate({ _sum: { views: true } })).toEqual({ _sum: { views: 0 } });
    expect(await readOnly.post.groupBy({ by: ["published"], _count: true })).toEqual([{ published: false, _count: 1 }]);
    expect(await readOnly.user.findUnique({ where: { id: userId }, select: { name: true } })).toEqual({ name: "Ada" });
    expect(await readOnly.$queryRaw`SELECT "name" FROM "User" WHERE "id" = ${userId}`).toEqual([{ name: "Ada" }]);
    expect(await readOnly.$transaction([readOnly.user.count(), readOnly.tag.findMany({ select: { name: true } })])).toEqual([1, [{ name: "news" }]]);
  });

  it("leaves read-write keys alone", async () => {
    const readWrite = clientFor(gateway.keyFor(RESOURCE_A).url);
    try {
      const tag = await readWrite.tag.create({ data: { name: "written" } });
      expect(tag.name).toBe("written");
      await readWrite.tag.delete({ where: { id: tag.id } });
    } finally {
      await readWrite.$disconnect();
    }
  });
});

describe("read-only keys on PGlite", () => {
  it("refuses the writes and serves the reads", async () => {
    const pglite = await freshPglite();
    const gateway = await startTestGateway({ [RESOURCE_A]: { kind: "pglite", pglite, label: "test PGlite" } });
    const readOnly = clientFor(gateway.keyFor(RESOURCE_A, undefined, { permission: "READ_ONLY" }).url);
    try {
      await pglite.exec(`INSERT INTO "User" (email) VALUES ('ada@example.com')`);
      const rows = async () => (await pglite.query(`SELECT (SELECT count(*) FROM "User")::int AS users, (SELECT last_value FROM "User_id_seq")::int AS seq`)).rows;
      const before = await rows();
      for (const [label, write] of writes(readOnly, 1)) expect({ label, code: (await rejectionOf(write())).code }).toEqual({ label, code: "P6011" });
      expect(await rows()).toEqual(before);
      expect(await readOnly.user.count()).toBe(1);
    } finally {
      await readOnly.$disconnect();
      await gateway.close();
      await pglite.close();
    }
  });
});

describe("an expiring key's open transaction", () => {
  it("is rolled back at the key's expiry instant, with no request and no event, and the next request gets P6002", async () => {
    const pglite = await freshPglite();
    const gateway = await startTestGateway({ [RESOURCE_A]: { kind: "pglite", pglite, label: "test PGlite" } });
    const expiresAt = new Date(Date.now() + 1_500);
    const client = clientFor(gateway.keyFor(RESOURCE_A, undefined, { expiresAt }).url);
    try {
      const failure = rejectionOf(
        client.$transaction(
          async (tx) => {
            await tx.user.create({ data: { email: "late@example.com" } });
            // Idle inside the transaction past the key's expiry: nothing is sent meanwhile.
            await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt.getTime() - Date.now()) + 1_000));
            expect(gateway.engine.stats().transactions).toBe(0); // already ended, by the gateway alone
            await tx.user.count();
          },
          { timeout: 10_000 },
        ),
      );
      expect((await failure).code).toBe("P6002");
      expect((await pglite.query(`SELECT count(*)::int AS n FROM "User"`)).rows).toEqual([{ n: 0 }]);
    } finally {
      await client.$disconnect();
      await gateway.close();
      await pglite.close();
    }
  });
});
