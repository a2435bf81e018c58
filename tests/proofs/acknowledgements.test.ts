import { performance } from "node:perf_hooks";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeKeyEvent, KEY_EVENTS_CHANNEL, keyRevoked, LISTENER_APPLICATION_PREFIX, type KeyEvent } from "@/lib/gateway/key-events";
import { KeyEventListener } from "@/lib/gateway/listener";

// How a writer knows every other verifier process has applied its event: each listening instance
// acknowledges, and the writer waits for all the instances pg_stat_activity lists — bounded, and
// naming any instance that stays silent.

const url = () => process.env.DATABASE_URL ?? "";
const sinks: (KeyEvent | null)[][] = [];
const listeners: KeyEventListener[] = [];
const logs: string[] = [];
let pool: pg.Pool;

function listener(ackTimeoutMs = 2_000) {
  const seen: (KeyEvent | null)[] = [];
  sinks.push(seen);
  const created = new KeyEventListener({
    connectionString: url(),
    sink: { applyKeyEvent: (event) => seen.push(event), setCaching: () => {} },
    ackTimeoutMs,
    log: (message) => logs.push(message),
  });
  listeners.push(created);
  return { listener: created, seen };
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

describe("acknowledgements of key events", () => {
  it("the writer returns once every listening instance has applied the event", async () => {
    const writer = listener();
    const a = listener();
    const b = listener();
    await Promise.all([writer.listener.start(), a.listener.start(), b.listener.start()]);
    const event = keyRevoked({ keyId: "key_ack0000000000001" });
    await publish(event);
    await writer.listener.waitForAcks(pool, event.id);
    // Applied (not merely delivered) by each of them before the wait ended.
    for (const seen of [writer.seen, a.seen, b.seen]) expect(seen).toContainEqual(event);
  });

  it("waits for a silent instance only up to the timeout, and says which one", async () => {
    const writer = listener(500);
    await writer.listener.start();
    const silent = new pg.Client({ connectionString: url() });
    await silent.connect();
    await silent.query(`SET application_name = '${LISTENER_APPLICATION_PREFIX}silent-instance'`);
    try {
      const event = keyRevoked({ resourceId: "db_ack000000000001" });
      await publish(event);
      const started = performance.now();
      await writer.listener.waitForAcks(pool, event.id);
      expect(performance.now() - started).toBeGreaterThanOrEqual(450);
      expect(logs.join("\n")).toContain("silent-instance");
    } finally {
      await silent.end();
    }
  });
});
