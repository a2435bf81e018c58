// Writing usage: one statement per table per flush, whatever the number of cells, each an
// INSERT … ON CONFLICT DO UPDATE that *adds* (counts, totals, histograms bucket by bucket, error
// codes), so several gateway processes on one PostgreSQL sum up instead of overwriting each other.
// The cells travel as one JSON parameter (jsonb_to_recordset): no statement text built from data.
// Table and column names are those of prisma/migrations/*_usage_insights.
import type { Queryable } from "../store";
import { trimmed } from "./histogram";
import type { MinuteCell, ShapeCell } from "./recorder";

// Adds two histograms bucket by bucket; unnest pads the shorter one with NULLs.
const ADD_HISTOGRAMS = (a: string, b: string) =>
  `ARRAY(SELECT COALESCE(x, 0) + COALESCE(y, 0) FROM unnest(${a}, ${b}) WITH ORDINALITY AS u(x, y, i) ORDER BY i)`;

const UPSERT_MINUTES = `
  INSERT INTO "UsageMinute" AS t ("resourceId", "keyId", "minute", "requests", "cacheHits", "cacheMisses", "totalMs", "latency", "errors")
  SELECT r.resource, r.key, to_timestamp(r.minute / 1000.0), r.requests, r.hits, r.misses, r.total, r.latency, COALESCE(r.errors, '{}'::jsonb)
  FROM jsonb_to_recordset($1::jsonb) AS r(resource text, key text, minute bigint, requests int, hits int, misses int, total float8, latency int[], errors jsonb)
  ON CONFLICT ("resourceId", "minute", "keyId") DO UPDATE SET
    "requests" = t."requests" + EXCLUDED."requests",
    "cacheHits" = t."cacheHits" + EXCLUDED."cacheHits",
    "cacheMisses" = t."cacheMisses" + EXCLUDED."cacheMisses",
    "totalMs" = t."totalMs" + EXCLUDED."totalMs",
    "latency" = ${ADD_HISTOGRAMS(`COALESCE(t."latency", '{}')`, `EXCLUDED."latency"`)},
    "errors" = (
      SELECT COALESCE(jsonb_object_agg(code, COALESCE((t."errors" ->> code)::int, 0) + COALESCE((EXCLUDED."errors" ->> code)::int, 0)), '{}'::jsonb)
      FROM jsonb_object_keys(t."errors" || EXCLUDED."errors") AS code
    )`;

const UPSERT_SHAPES = `
  INSERT INTO "UsageShape" AS t ("resourceId", "id", "model", "operation", "text", "lastSeenAt")
  SELECT r.resource, r.id, r.model, r.operation, r.text, to_timestamp(r.seen / 1000.0)
  FROM jsonb_to_recordset($1::jsonb) AS r(resource text, id text, model text, operation text, text text, seen bigint)
  ON CONFLICT ("resourceId", "id") DO UPDATE SET "lastSeenAt" = GREATEST(t."lastSeenAt", EXCLUDED."lastSeenAt")`;

const UPSERT_SHAPE_HOURS = `
  INSERT INTO "UsageShapeHour" AS t ("resourceId", "shapeId", "keyId", "hour", "count", "totalMs", "rows", "latency")
  SELECT r.resource, r.shape, r.key, to_timestamp(r.hour / 1000.0), r.count, r.total, r.rows, r.latency
  FROM jsonb_to_recordset($1::jsonb) AS r(resource text, shape text, key text, hour bigint, count int, total float8, rows int, latency int[])
  ON CONFLICT ("resourceId", "hour", "shapeId", "keyId") DO UPDATE SET
    "count" = t."count" + EXCLUDED."count",
    "totalMs" = t."totalMs" + EXCLUDED."totalMs",
    "rows" = t."rows" + EXCLUDED."rows",
    "latency" = ${ADD_HISTOGRAMS(`COALESCE(t."latency", '{}')`, `EXCLUDED."latency"`)}`;

export async function writeMinutes(database: Queryable, cells: MinuteCell[]): Promise<void> {
  if (cells.length === 0) return;
  const rows = cells.map((cell) => ({
    resource: cell.resourceId,
    key: cell.keyId,
    minute: cell.minute,
    requests: cell.requests,
    hits: cell.cacheHits,
    misses: cell.cacheMisses,
    total: cell.totalMs,
    latency: trimmed(cell.latency),
    errors: cell.errors,
  }));
  await database.query(UPSERT_MINUTES, [JSON.stringify(rows)]);
}

export async function writeShapes(database: Queryable, cells: ShapeCell[], seenAt: number): Promise<void> {
  if (cells.length === 0) return;
  const shapes = new Map<string, object>();
  for (const cell of cells) {
    const id = `${cell.resourceId}\u0000${cell.shapeId}`;
    if (!shapes.has(id)) shapes.set(id, { resource: cell.resourceId, id: cell.shapeId, ...cell.shape, seen: seenAt });
  }
  const hours = cells.map((cell) => ({
    resource: cell.resourceId,
    shape: cell.shapeId,
    key: cell.keyId,
    hour: cell.hour,
    count: cell.count,
    total: cell.totalMs,
    rows: cell.rows,
    latency: trimmed(cell.latency),
  }));
  await database.query(UPSERT_SHAPES, [JSON.stringify([...shapes.values()])]);
  await database.query(UPSERT_SHAPE_HOURS, [JSON.stringify(hours)]);
}

/**
 * Deletes what is older than the retention, and the rows of resources that no longer exist (a
 * deleted resource's usage goes with it). Run by every process now and then; running it twice is
 * harmless.
 */
export async function sweepUsage(database: Queryable, retentionDays: number): Promise<void> {
  const cutoff = new Date(Date.now() - retentionDays * 86_400_000).toISOString();
  await database.query(`DELETE FROM "UsageMinute" WHERE "minute" < $1::timestamptz`, [cutoff]);
  await database.query(`DELETE FROM "UsageShapeHour" WHERE "hour" < $1::timestamptz`, [cutoff]);
  await database.query(`DELETE FROM "UsageShape" WHERE "lastSeenAt" < $1::timestamptz`, [cutoff]);
  for (const table of ["UsageMinute", "UsageShapeHour", "UsageShape"]) {
    await database.query(`DELETE FROM "${table}" u WHERE NOT EXISTS (SELECT 1 FROM "Resource" r WHERE r."id" = u."resourceId")`);
  }
}
