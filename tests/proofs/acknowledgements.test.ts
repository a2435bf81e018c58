import { performance } from "node:perf_hooks";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeKeyEvent, KEY_EVENTS_CHANNEL, keyRevoked, type KeyEvent } from "@/lib/gateway/key-events";
import { KEY_LEASE_MS } from "@/lib/gateway/lease";
import { KeyEventListener } from "@/lib/gateway/listener";

// How a writer knows every other verifier process has applied its event: each listening instance
// acknowledges, and the writer waits for every instance with an unexpired lease in the registry
// ("GatewayInstance") — for an instance that stays silent, until its lease is over (at least L),
// naming it in the log; an expired row is ignored.

const url = () => process.env.DATABASE_URL ?? "";
const listeners: KeyEventListener[] = [];
const logs: string[] = [];
let pool: pg.Pool;

function listener() {
  const seen: (KeyEvent | null)[] = [];
  const caching: boolean[] = [];
  const created = new KeyEventListener({
    connectionString: url(),
    sink: { applyKeyEvent: (event) => seen.push(event), setCaching: (enabled) => caching.push(enabled) },
    log: (message) => logs.push(message),
  });
  listeners.push(created);
  return { listener: created, seen, caching };
}

beforeAll(() => {
  pool = new pg.Pool({ connectionString: url(), max: 2 });
});

afterAll(async () => {
  await Promise.all(listeners.map((item) => item.close()));
  await pool.end();
});

async function publish(event: KeyEvent) {
  await pool.query("SELECT pg_notify($1, $2)", [KEY_EVENTS_CHANNEL, encodeKeyEvent(event)]);
}

const leaseRow = async (id: string) =>
  (await pool.query(`SELECT "leaseUntil" > clock_timestamp() AS live FROM "GatewayInstance" WHERE id = $1`, [id])).rows[0] as
    | { live: boolean }
    | undefined;

describe("acknowledgements of key events", () => {
  it("a listening instance holds a lease (its registry row first), turns caching on, and the writer returns once every one applied the event", async () => {
    const writer = listener();
    const a = listener();
    const b = listener();
    await Promise.all([writer.listener.start(), a.listener.start(), b.listener.start()]);
    for (const instance of [writer, a, b]) {
      await expect.poll(() => instance.listener.lease.valid, { timeout: 5_000 }).toBe(true);
      expect(instance.caching).toEqual([true]);
      expect(await leaseRow(instance.listener.instanceId)).toEqual({ live: true });
    }
    const event = keyRevoked({ keyId: "key_ack0000000000001" });
    await publish(event);
    await writer.listener.waitForAcks(pool, event.id);
    // None of them had to be waited out (other proofs' instances may share this database) …
    for (const instance of [a, b]) expect(logs.join("\n")).not.toContain(instance.listener.instanceId);
    // … and each one applied (not merely received) the event before the wait ended.
    for (const seen of [writer.seen, a.seen, b.seen]) expect(seen).toContainEqual(event);
  });

  it("waits for a silent instance with a lease at least L, and says which one; an expired lease is ignored", async () => {
    const writer = listener();
    await writer.listener.start();
    await pool.query(`INSERT INTO "GatewayInstance" (id, "leaseUntil") VALUES ('silent-instance', clock_timestamp() + interval '300 milliseconds')`);
    await pool.query(`INSERT INTO "GatewayInstance" (id, "leaseUntil") VALUES ('gone-instance', clock_timestamp() - interval '1 second')`);
    try {
      const event = keyRevoked({ resourceId: "db_ack000000000001" });
      await publish(event);
      const started = performance.now();
      await writer.listener.waitForAcks(pool, event.id);
      const waited = performance.now() - started;
      // At least L (a heartbeat it received just before the commit may renew its lease after our read) …
      expect(waited).toBeGreaterThanOrEqual(KEY_LEASE_MS - 5);
      // … and not much more.
      expect(waited).toBeLessThan(KEY_LEASE_MS + 1_000);
      expect(logs.join("\n")).toContain("silent-instance");
      expect(logs.join("\n")).not.toContain("gone-instance");
    } finally {
      await pool.query(`DELETE FROM "GatewayInstance" WHERE id IN ('silent-instance', 'gone-instance')`);
    }
  });

  it("a clean shutdown deletes the instance's row", async () => {
    const instance = listener();
    await instance.listener.start();
    await expect.poll(() => leaseRow(instance.listener.instanceId), { timeout: 5_000 }).toEqual({ live: true });
    await instance.listener.close();
    expect(await leaseRow(instance.listener.instanceId)).toBeUndefined();
  });
});
