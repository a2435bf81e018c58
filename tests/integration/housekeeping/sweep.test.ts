import { describe, expect, it } from "vitest";
import { SWEEPS, sweepExpiredRows } from "@/lib/gateway/housekeeping";
import type { Queryable } from "@/lib/gateway/store";
import { newId } from "@/lib/ids";
import { db } from "@/lib/server/db";
import { makeUser, unique } from "../../support/factories";

// The gateway's periodic sweep deletes what has outlived its purpose, and only that: an expired
// session goes, a live one stays; a one-time link stays a week past its expiry; an Idempotency-Key
// answer stays its 24 hours.

const HOUR = 60 * 60 * 1000;

async function queryable(): Promise<Queryable> {
  const prisma = await db();
  return {
    async query<Row>(text: string, params: unknown[] = []) {
      return { rows: (await prisma.$queryRawUnsafe(text, ...params)) as Row[] };
    },
  };
}

describe("sweepExpiredRows", () => {
  it("deletes expired rows of every swept table and keeps the ones still needed", async () => {
    const prisma = await db();
    const user = await makeUser();
    const now = Date.now();
    const at = (offset: number) => new Date(now + offset);
    const session = (expiresAt: Date) => prisma.session.create({ data: { id: newId("session"), userId: user.userId, expiresAt } });
    const expiredSession = await session(at(-1_000));
    const liveSession = await session(at(HOUR));
    const link = (expiresAt: Date) =>
      prisma.passwordReset.create({ data: { id: newId("passwordReset"), userId: user.userId, email: user.email, digest: unique("digest"), expiresAt } });
    const longExpiredLink = await link(at(-8 * 24 * HOUR));
    const recentlyExpiredLink = await link(at(-HOUR));
    const answer = (createdAt: Date) => prisma.idempotentRequest.create({ data: { id: unique("idem"), requestDigest: "d", createdAt } });
    const oldAnswer = await answer(at(-25 * HOUR));
    const freshAnswer = await answer(at(-23 * HOUR));

    const counts = await sweepExpiredRows(await queryable(), now);

    expect(Object.keys(counts).sort()).toEqual(SWEEPS.map((sweep) => sweep.table).sort());
    expect(counts.Session).toBeGreaterThanOrEqual(1);
    expect(await prisma.session.findUnique({ where: { id: expiredSession.id } })).toBeNull();
    expect(await prisma.session.findUnique({ where: { id: liveSession.id } })).not.toBeNull();
    expect(await prisma.passwordReset.findUnique({ where: { id: longExpiredLink.id } })).toBeNull();
    expect(await prisma.passwordReset.findUnique({ where: { id: recentlyExpiredLink.id } })).not.toBeNull();
    expect(await prisma.idempotentRequest.findUnique({ where: { id: oldAnswer.id } })).toBeNull();
    expect(await prisma.idempotentRequest.findUnique({ where: { id: freshAnswer.id } })).not.toBeNull();

    // A second sweep finds nothing more of those.
    const again = await sweepExpiredRows(await queryable(), now);
    expect(again.PasswordReset).toBe(0);
    expect(again.IdempotentRequest).toBe(0);
  });
});
