import "server-only";
import { BUCKETS, quantile } from "@/lib/gateway/insights/histogram";
import { usageQuerySchema, type UsageQueryInput } from "@/lib/schemas/usage";
import { authorize, type Actor } from "../authz";
import { db } from "../db";
import { notFound } from "../errors";
import { readErrors, readKeyHours, readKeyTotals, readShapes, readSlotHistograms, readSlots, type Range } from "./usage-sql";

// Usage and query insights as the Console, the REST API and the CLI show them: what the gateway
// recorded (lib/gateway/insights) for one resource, optionally one key, over a range. Everyone who
// may list the resource's keys may read it (a Viewer too): it holds counts, times, error codes and
// query shapes (SQL with every value as `?`), never a key, a parameter value or a connection string.

export type UsagePoint = { t: string; requests: number; errors: number; p50Ms: number | null; p99Ms: number | null };
export type QueryShapeDto = { id: string; model: string | null; operation: string; text: string; count: number; totalMs: number; avgMs: number; p99Ms: number | null; rows: number };
export type UsageReport = {
  resourceId: string;
  keyId: string | null;
  from: string;
  to: string;
  /** The width of one point of `series`. */
  slotSeconds: number;
  totals: { requests: number; errors: number; cacheHits: number; cacheMisses: number; cacheHitRate: number | null; p50Ms: number | null; p99Ms: number | null };
  series: UsagePoint[];
  errorsByCode: { code: string; count: number }[];
  topByTotalTime: QueryShapeDto[];
  topByCount: QueryShapeDto[];
  /** The resource's keys that made requests in the range (deleted keys are left out). */
  keys: { id: string; name: string; requests: number }[];
};

const TOP = 10;

function slotSecondsFor(spanMs: number): number {
  if (spanMs <= 2 * 3_600_000) return 60;
  if (spanMs <= 2 * 86_400_000) return 600;
  return 3_600;
}

const round = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

function histogramsBy<K>(rows: { bucket: number; count: number }[], keyOf: (row: never) => K): Map<K, number[]> {
  const out = new Map<K, number[]>();
  for (const row of rows) {
    const key = keyOf(row as never);
    let histogram = out.get(key);
    if (!histogram) out.set(key, (histogram = new Array<number>(BUCKETS).fill(0)));
    if (row.bucket >= 0 && row.bucket < BUCKETS) histogram[row.bucket]! += row.count;
  }
  return out;
}

/** A resource's usage over a range (default: the last 24 hours), optionally of one of its keys. */
export async function getResourceUsage(actor: Actor, resourceId: string, rawQuery: UsageQueryInput): Promise<UsageReport> {
  const query = usageQuerySchema.parse(rawQuery);
  const { workspaceId } = await authorize(actor, { resourceId }, "key:read");
  const prisma = await db();
  if (query.keyId) {
    // A key of another resource is "not found", like any object the caller cannot see.
    const key = await prisma.apiKey.findFirst({ where: { id: query.keyId, resourceId, workspaceId }, select: { id: true } });
    if (!key) throw notFound("API key");
  }
  const span = query.to.getTime() - query.from.getTime();
  const range: Range = { resourceId, from: query.from, to: query.to, keyId: query.keyId, slotSeconds: slotSecondsFor(span) };
  const [slots, slotHistograms, errors, keyTotals, shapes] = await Promise.all([
    readSlots(range),
    readSlotHistograms(range),
    readErrors(range),
    readKeyTotals({ ...range, keyId: undefined }),
    readShapes(range),
  ]);

  const histograms = histogramsBy(slotHistograms, (row: { slot: number }) => Number(row.slot));
  const all = new Array<number>(BUCKETS).fill(0);
  for (const histogram of histograms.values()) histogram.forEach((count, index) => (all[index]! += count));
  const errorsPerSlot = new Map<number, number>();
  const errorsPerCode = new Map<string, number>();
  for (const row of errors) {
    errorsPerSlot.set(Number(row.slot), (errorsPerSlot.get(Number(row.slot)) ?? 0) + row.count);
    errorsPerCode.set(row.code, (errorsPerCode.get(row.code) ?? 0) + row.count);
  }
  const bySlot = new Map(slots.map((row) => [Number(row.slot), row]));
  const step = range.slotSeconds * 1000;
  const series: UsagePoint[] = [];
  for (let t = Math.floor(query.from.getTime() / step) * step; t < query.to.getTime(); t += step) {
    const histogram = histograms.get(t / 1000);
    series.push({
      t: new Date(t).toISOString(),
      requests: bySlot.get(t / 1000)?.requests ?? 0,
      errors: errorsPerSlot.get(t / 1000) ?? 0,
      p50Ms: histogram ? round(quantile(histogram, 0.5)) : null,
      p99Ms: histogram ? round(quantile(histogram, 0.99)) : null,
    });
  }
  const sum = (pick: (row: (typeof slots)[number]) => number) => slots.reduce((total, row) => total + pick(row), 0);
  const [hits, misses] = [sum((row) => row.hits), sum((row) => row.misses)];

  const shapeHistograms = histogramsBy(shapes.histograms, (row: { shapeId: string }) => row.shapeId);
  const shapeDtos: QueryShapeDto[] = shapes.totals.map((row) => ({
    id: row.shapeId,
    model: row.model,
    operation: row.operation,
    text: row.text,
    count: row.count,
    totalMs: round(row.totalMs) ?? 0,
    avgMs: round(row.count > 0 ? row.totalMs / row.count : 0) ?? 0,
    p99Ms: round(quantile(shapeHistograms.get(row.shapeId) ?? [], 0.99)),
    rows: row.rows,
  }));

  const keyRows = keyTotals.length
    ? await prisma.apiKey.findMany({ where: { id: { in: keyTotals.map((row) => row.keyId) }, resourceId, workspaceId }, select: { id: true, name: true } })
    : [];
  const names = new Map(keyRows.map((row) => [row.id, row.name]));
  return {
    resourceId,
    keyId: query.keyId ?? null,
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    slotSeconds: range.slotSeconds,
    totals: {
      requests: sum((row) => row.requests),
      errors: [...errorsPerCode.values()].reduce((a, b) => a + b, 0),
      cacheHits: hits,
      cacheMisses: misses,
      cacheHitRate: hits + misses > 0 ? hits / (hits + misses) : null,
      p50Ms: round(quantile(all, 0.5)),
      p99Ms: round(quantile(all, 0.99)),
    },
    series,
    errorsByCode: [...errorsPerCode].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    topByTotalTime: [...shapeDtos].sort((a, b) => b.totalMs - a.totalMs).slice(0, TOP),
    topByCount: [...shapeDtos].sort((a, b) => b.count - a.count).slice(0, TOP),
    keys: keyTotals
      .filter((row) => names.has(row.keyId))
      .map((row) => ({ id: row.keyId, name: names.get(row.keyId)!, requests: row.requests }))
      .sort((a, b) => b.requests - a.requests),
  };
}

/** One key's usage (GET /api-keys/{id}/usage, `platform apikey usage`). */
export async function getKeyUsage(actor: Actor, apiKeyId: string, rawQuery: Omit<UsageQueryInput, "keyId">): Promise<UsageReport> {
  await authorize(actor, { apiKeyId }, "key:read");
  const prisma = await db();
  const key = await prisma.apiKey.findUnique({ where: { id: apiKeyId }, select: { resourceId: true } });
  if (!key) throw notFound("API key");
  return getResourceUsage(actor, key.resourceId, { ...rawQuery, keyId: apiKeyId });
}

export type KeyUsage24h = { requests: number; /** Requests per hour, oldest first, 24 values. */ hourly: number[] };

/** Requests of each key over the last 24 hours, per hour (the key list's column and sparkline). */
export async function keyUsage24h(keyIds: string[], now = Date.now()): Promise<Map<string, KeyUsage24h>> {
  const firstHour = Math.floor(now / 3_600_000) - 23;
  const rows = await readKeyHours(keyIds, new Date(firstHour * 3_600_000));
  const out = new Map<string, KeyUsage24h>();
  for (const id of keyIds) out.set(id, { requests: 0, hourly: new Array<number>(24).fill(0) });
  for (const row of rows) {
    const usage = out.get(row.keyId);
    const index = Number(row.hour) - firstHour;
    if (!usage || index < 0 || index > 23) continue;
    usage.hourly[index]! += row.requests;
    usage.requests += row.requests;
  }
  return out;
}
