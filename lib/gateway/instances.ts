// The registry of listening gateway instances, "GatewayInstance" (prisma/schema.prisma): one row
// per instance with a lease in the database's clock. Plain SQL over a pg Pool, like ./store.ts.
//
// An instance renews its row only after one of its own heartbeats came back on its LISTEN
// connection (./listener.ts), and serves from its cache only after that renewal committed, so any
// instance that may be serving from a cache has an unexpired row. A writer lists the unexpired rows
// after its commit and waits for each of them (./acknowledgements.ts). A stalled instance stops
// renewing, and its row stops counting about one lease after its last heartbeat. Rows are deleted
// on clean shutdown; rows of instances that died are ignored once expired and purged later.
import type { Queryable } from "./store";

/**
 * The row outlives the local lease it covers by this much: the database rounds timestamps to the
 * millisecond and the two clocks are read at slightly different moments.
 */
const ROW_MARGIN_MS = 100;

const RENEW = `
  INSERT INTO "GatewayInstance" ("id", "leaseUntil")
  VALUES ($1, clock_timestamp() + $2::float8 * interval '1 millisecond')
  ON CONFLICT ("id") DO UPDATE
  SET "leaseUntil" = GREATEST("GatewayInstance"."leaseUntil", EXCLUDED."leaseUntil")`;

/** Renews (or creates) an instance's row: unexpired for `leaseMs` (plus a margin) from now. */
export async function renewInstance(database: Queryable, instanceId: string, leaseMs: number): Promise<void> {
  await database.query(RENEW, [instanceId, leaseMs + ROW_MARGIN_MS]);
}

export async function removeInstance(database: Queryable, instanceId: string): Promise<void> {
  await database.query(`DELETE FROM "GatewayInstance" WHERE "id" = $1`, [instanceId]);
}

/** Rows of instances that have been silent for an hour: they died without a clean shutdown. */
export async function purgeDeadInstances(database: Queryable): Promise<void> {
  await database.query(`DELETE FROM "GatewayInstance" WHERE "leaseUntil" < clock_timestamp() - interval '1 hour'`);
}

export type LiveInstance = { id: string; remainingMs: number };

const LIVE = `
  SELECT "id", (EXTRACT(EPOCH FROM ("leaseUntil" - clock_timestamp())) * 1000)::float8 AS "remainingMs"
  FROM "GatewayInstance"
  WHERE "leaseUntil" > clock_timestamp() AND "id" <> $1`;

/** Every other instance whose lease has not run out, with what remains of it (the database's clock). */
export async function liveInstances(database: Queryable, selfId: string): Promise<LiveInstance[]> {
  const { rows } = await database.query<LiveInstance>(LIVE, [selfId]);
  return rows.map((row) => ({ id: row.id, remainingMs: Number(row.remainingMs) }));
}
