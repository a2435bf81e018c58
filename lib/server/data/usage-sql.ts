import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "../db";

// The SQL of the usage reads (tables: prisma/migrations/*_usage_insights, written by
// lib/gateway/insights/store.ts). Histograms are summed bucket by bucket in the database
// (unnest … WITH ORDINALITY), so a range of any length comes back as one array per slot.

export type Range = { resourceId: string; from: Date; to: Date; keyId?: string; slotSeconds: number };

const filter = ({ resourceId, from, to, keyId }: Range, column: "minute" | "hour", alias = "") => {
  const name = (field: string) => Prisma.raw(`${alias}"${field}"`);
  const key = keyId ? Prisma.sql` AND ${name("keyId")} = ${keyId}` : Prisma.empty;
  return Prisma.sql`${name("resourceId")} = ${resourceId} AND ${name(column)} >= ${from} AND ${name(column)} < ${to}${key}`;
};

const slot = (range: Range) => Prisma.sql`(floor(extract(epoch FROM "minute") / ${range.slotSeconds}::float8) * ${range.slotSeconds}::float8)::float8`;

export async function readSlots(range: Range) {
  const prisma = await db();
  return prisma.$queryRaw<{ slot: number; requests: number; hits: number; misses: number; totalMs: number }[]>`
    SELECT ${slot(range)} AS slot, SUM("requests")::int AS requests, SUM("cacheHits")::int AS hits,
           SUM("cacheMisses")::int AS misses, SUM("totalMs")::float8 AS "totalMs"
    FROM "UsageMinute" WHERE ${filter(range, "minute")} GROUP BY 1`;
}

export async function readSlotHistograms(range: Range) {
  const prisma = await db();
  return prisma.$queryRaw<{ slot: number; bucket: number; count: number }[]>`
    SELECT ${slot(range)} AS slot, (u.i - 1)::int AS bucket, SUM(u.c)::int AS count
    FROM "UsageMinute", unnest("latency") WITH ORDINALITY AS u(c, i)
    WHERE ${filter(range, "minute")} AND u.c > 0 GROUP BY 1, 2`;
}

export async function readErrors(range: Range) {
  const prisma = await db();
  return prisma.$queryRaw<{ slot: number; code: string; count: number }[]>`
    SELECT ${slot(range)} AS slot, e.key AS code, SUM(e.value::int)::int AS count
    FROM "UsageMinute", jsonb_each_text("errors") AS e
    WHERE ${filter(range, "minute")} GROUP BY 1, 2`;
}

export async function readKeyTotals(range: Range) {
  const prisma = await db();
  return prisma.$queryRaw<{ keyId: string; requests: number }[]>`
    SELECT "keyId", SUM("requests")::int AS requests FROM "UsageMinute" WHERE ${filter(range, "minute")} GROUP BY 1`;
}

/** Shapes whose hour overlaps the range (hourly rows: the first and last hour count whole). */
export async function readShapes(range: Range) {
  const prisma = await db();
  const hourly = { ...range, from: new Date(range.from.getTime() - (range.from.getTime() % 3_600_000)) };
  const [totals, histograms] = await Promise.all([
    prisma.$queryRaw<{ shapeId: string; model: string | null; operation: string; text: string; count: number; totalMs: number; rows: number }[]>`
      SELECT h."shapeId", s."model", s."operation", s."text", SUM(h."count")::int AS count, SUM(h."totalMs")::float8 AS "totalMs", SUM(h."rows")::int AS rows
      FROM "UsageShapeHour" h JOIN "UsageShape" s ON s."resourceId" = h."resourceId" AND s."id" = h."shapeId"
      WHERE ${filter(hourly, "hour", "h.")}
      GROUP BY 1, 2, 3, 4`,
    prisma.$queryRaw<{ shapeId: string; bucket: number; count: number }[]>`
      SELECT "shapeId", (u.i - 1)::int AS bucket, SUM(u.c)::int AS count
      FROM "UsageShapeHour", unnest("latency") WITH ORDINALITY AS u(c, i)
      WHERE ${filter(hourly, "hour")} AND u.c > 0 GROUP BY 1, 2`,
  ]);
  return { totals, histograms };
}

/** Requests per key and hour over the last 24 hours, for the key list. */
export async function readKeyHours(keyIds: string[], since: Date) {
  if (keyIds.length === 0) return [];
  const prisma = await db();
  return prisma.$queryRaw<{ keyId: string; hour: number; requests: number }[]>`
    SELECT "keyId", floor(extract(epoch FROM "minute") / 3600)::float8 AS hour, SUM("requests")::int AS requests
    FROM "UsageMinute" WHERE "keyId" = ANY(${keyIds}::text[]) AND "minute" >= ${since} GROUP BY 1, 2`;
}
