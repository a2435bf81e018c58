import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConnectionTarget } from "@/lib/gateway/query";
import { clientFor, freshPglite, postgresUrls, RESOURCE_A, rejectionOf, startTestGateway, type TestGateway } from "../support/accelerate-client/harness";
import { Prisma, PrismaClient } from "../support/accelerate-client/generated/v7-10/client";
import { PrismaClient as PrismaClient78 } from "../support/accelerate-client/v7-8/client";

// The operations of issue 9's list, through the gateway, by a Prisma Client given only the copied
// connection string: 7.10 (the latest) on an in-process PGlite and on PostgreSQL, and 7.8 (an older
// minor in the served range, see lib/gateway/query/versions.ts) on PostgreSQL. Errors are compared
// with the 7.10 client on a direct driver-adapter connection to the same database.

/** A client error's message without the call site it starts with (the lines differ). */
const reason = (message: string) => message.trim().split("\n").at(-1);

type Setup = { gateway: TestGateway; prisma: PrismaClient; direct: PrismaClient; close: () => Promise<void> };

type Case = { kind: "pglite" | "postgres"; version: "7.10" | "7.8" };

async function setUp({ kind, version }: Case): Promise<Setup> {
  let target: ConnectionTarget;
  let direct: PrismaClient;
  let closeDatabase = async () => {};
  if (kind === "pglite") {
    const pglite = await freshPglite();
    target = { kind: "pglite", pglite, label: "test PGlite" };
    direct = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    closeDatabase = () => pglite.close();
  } else {
    target = { kind: "postgres", url: postgresUrls()[0] };
    direct = new PrismaClient({ adapter: new PrismaPg({ connectionString: postgresUrls()[0] }) });
  }
  const gateway = await startTestGateway({ [RESOURCE_A]: target });
  const url = gateway.keyFor(RESOURCE_A).url;
  // The 7.8 client's generated types are the same schema's; it is driven through the same calls.
  const prisma = version === "7.10" ? clientFor(url) : (new PrismaClient78({ accelerateUrl: url }) as unknown as PrismaClient);
  return {
    gateway,
    prisma,
    direct,
    close: async () => {
      await direct.$disconnect();
      await prisma.$disconnect();
      await gateway.close();
      await closeDatabase();
    },
  };
}

const cases: Case[] = [
  { kind: "pglite", version: "7.10" },
  { kind: "postgres", version: "7.10" },
  { kind: "postgres", version: "7.8" },
];

describe.each(cases)("Prisma Client $version through the gateway, on $kind", (which) => {
  let setup: Setup;
  beforeAll(async () => {
    setup = await setUp(which);
  });
  afterAll(() => setup.close());

  const unique = () => `${randomUUID().slice(0, 8)}@example.com`;

  it("creates with nested writes and reads with include", async () => {
    const { prisma } = setup;
    const email = unique();
    const tag = `tag-${randomUUID().slice(0, 8)}`;
    const user = await prisma.user.create({
      data: { email, name: "Ada", posts: { create: [{ title: "First", tags: { create: [{ name: tag }] } }, { title: "Second", views: 5 }] } },
    });
    expect(user).toMatchObject({ email, name: "Ada" });
    expect(user.createdAt).toBeInstanceOf(Date);

    const [found] = await prisma.user.findMany({ where: { email }, include: { posts: { include: { tags: true }, orderBy: { id: "asc" } } } });
    expect(found?.posts.map((post) => post.title)).toEqual(["First", "Second"]);
    expect(found?.posts[0]?.tags.map((t) => t.name)).toEqual([tag]);
    expect(await prisma.post.findFirst({ where: { author: { email }, views: { gt: 1 } }, select: { title: true } })).toEqual({ title: "Second" });
  });

  it("updates, upserts, deletes, counts, aggregates and groups", async () => {
    const { prisma } = setup;
    const email = unique();
    const user = await prisma.user.create({ data: { email, posts: { create: [{ title: "a", views: 1 }, { title: "b", views: 2 }, { title: "c", views: 3, published: true }] } } });
    expect(await prisma.user.update({ where: { id: user.id }, data: { name: "Grace" }, select: { name: true } })).toEqual({ name: "Grace" });
    expect((await prisma.post.updateMany({ where: { authorId: user.id }, data: { views: { increment: 10 } } })).count).toBe(3);

    const created = await prisma.user.upsert({ where: { email: `new-${email}` }, create: { email: `new-${email}`, name: "one" }, update: { name: "two" } });
    const updated = await prisma.user.upsert({ where: { email: `new-${email}` }, create: { email: `new-${email}`, name: "one" }, update: { name: "two" } });
    expect([created.name, updated.name, updated.id]).toEqual(["one", "two", created.id]);
    await prisma.user.delete({ where: { id: created.id } });
    expect(await prisma.user.findUnique({ where: { id: created.id } })).toBeNull();

    expect(await prisma.post.count({ where: { authorId: user.id } })).toBe(3);
    const aggregate = await prisma.post.aggregate({ where: { authorId: user.id }, _sum: { views: true }, _avg: { views: true }, _max: { views: true } });
    expect(aggregate).toEqual({ _sum: { views: 36 }, _avg: { views: 12 }, _max: { views: 13 } });
    const groups = await prisma.post.groupBy({ by: ["published"], where: { authorId: user.id }, _count: { _all: true }, orderBy: { published: "asc" } });
    expect(groups).toEqual([
      { published: false, _count: { _all: 2 } },
      { published: true, _count: { _all: 1 } },
    ]);
    expect((await prisma.post.deleteMany({ where: { authorId: user.id, published: false } })).count).toBe(2);
  });

  it("runs raw queries with parameters, typed results included", async () => {
    const { prisma } = setup;
    const email = unique();
    expect(await prisma.$executeRaw`INSERT INTO "User" ("email", "name") VALUES (${email}, ${"raw"})`).toBe(1);
    const rows = await prisma.$queryRaw<{ email: string; n: bigint; at: Date }[]>`SELECT "email", 41::bigint + 1 AS n, now() AS at FROM "User" WHERE "email" = ${email}`;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ email, n: 42n });
    expect(rows[0]?.at).toBeInstanceOf(Date);
    expect(await prisma.$executeRawUnsafe(`UPDATE "User" SET "name" = $1 WHERE "email" = $2`, "unsafe", email)).toBe(1);
  });

  it("reports a unique violation as P2002 with the same code, message and meta as a direct connection", async () => {
    const { prisma, direct } = setup;
    const email = unique();
    await prisma.user.create({ data: { email } });
    const viaGateway = await rejectionOf(prisma.user.create({ data: { email } }));
    const viaAdapter = await rejectionOf(direct.user.create({ data: { email } }));
    if (which.version === "7.10") expect(viaGateway).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect(viaGateway.code).toBe("P2002");
    expect(reason(viaGateway.message)).toBe(reason(viaAdapter.message));
    // The meta is the interpreter's, serialised as JSON: what a direct client holds, minus classes.
    // (The 7.8 client keeps the interpreter's `table` beside its `modelName`; 7.10 folds it in.)
    if (which.version === "7.10") expect(viaGateway.meta).toEqual(JSON.parse(JSON.stringify(viaAdapter.meta)));
    expect(viaGateway.meta).toMatchObject({ modelName: "User", driverAdapterError: { cause: { kind: "UniqueConstraintViolation" } } });
  });

  it("reports a record that is not there as P2025, like a direct connection", async () => {
    const { prisma, direct } = setup;
    const viaGateway = await rejectionOf(prisma.user.update({ where: { id: -1 }, data: { name: "x" } }));
    const viaAdapter = await rejectionOf(direct.user.update({ where: { id: -1 }, data: { name: "x" } }));
    expect([viaGateway.code, reason(viaGateway.message)]).toEqual([viaAdapter.code, reason(viaAdapter.message)]);
    expect(viaGateway.code).toBe("P2025");
  });
});
