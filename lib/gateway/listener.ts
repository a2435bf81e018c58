// How a verifier process on PostgreSQL hears other processes' key events: one dedicated connection
// that LISTENs on the events and acknowledgements channels (see ./key-events.ts).
//
// - Caching is on only while this connection is up and listening. When it drops, the verifier
//   empties its cache and reads the database on every request; the connection is re-opened with
//   a backoff, and caching resumes once LISTEN succeeded again.
// - Each event is applied, then acknowledged with this instance's id. The session's
//   application_name (set after LISTEN) names the instance, so a writer can list the listening
//   instances in pg_stat_activity and wait until each one has acknowledged its event.
import { randomUUID } from "node:crypto";
import pg from "pg";
import {
  KEY_ACKS_CHANNEL,
  KEY_EVENTS_CHANNEL,
  LISTENER_APPLICATION_PREFIX,
  decodeKeyEvent,
  type KeyEventSink,
} from "./key-events";

export type ListenerOptions = {
  connectionString: string;
  sink: KeyEventSink & { setCaching(enabled: boolean): void };
  /** How long a writer waits for the other instances' acknowledgements. */
  ackTimeoutMs?: number;
  log?: (message: string) => void;
};

const ACK_MEMORY_MS = 30_000;
const MAX_BACKOFF_MS = 2_000;

export class KeyEventListener {
  readonly instanceId = randomUUID();
  private client: pg.Client | null = null;
  private listening = false;
  private closed = false;
  private backoffMs = 100;
  private reconnectTimer: NodeJS.Timeout | null = null;
  /** eventId → instances that acknowledged it, and when the first acknowledgement came. */
  private readonly acks = new Map<string, { at: number; from: Set<string> }>();
  private readonly ackWaiters = new Set<() => void>();
  private readonly log: (message: string) => void;

  constructor(private readonly options: ListenerOptions) {
    this.log = options.log ?? ((message) => console.warn(`[gateway] ${message}`));
  }

  /** Resolves once listening for the first time (or rejects if the first attempt fails). */
  async start(): Promise<void> {
    await this.connect();
  }

  get isListening(): boolean {
    return this.listening;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      keepAlive: true,
      connectionTimeoutMillis: 2_000,
    });
    this.client = client;
    client.on("notification", (message) => this.onNotification(client, message.channel, message.payload));
    client.on("error", () => this.onDown(client));
    client.on("end", () => this.onDown(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${KEY_EVENTS_CHANNEL}; LISTEN ${KEY_ACKS_CHANNEL}`);
      await client.query(`SET application_name = '${LISTENER_APPLICATION_PREFIX}${this.instanceId}'`);
    } catch (error) {
      this.onDown(client);
      throw error;
    }
    if (this.client !== client || this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.listening = true;
    this.backoffMs = 100;
    this.options.sink.setCaching(true);
  }

  private onDown(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners("notification");
    client.end().catch(() => {});
    if (this.listening) this.log("lost the key-events connection: serving from the database until it is back.");
    this.listening = false;
    this.options.sink.setCaching(false);
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().catch(() => {});
    }, this.backoffMs);
    this.reconnectTimer.unref();
    this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2);
  }

  private onNotification(client: pg.Client, channel: string, payload: string | undefined): void {
    if (channel === KEY_EVENTS_CHANNEL) {
      const event = decodeKeyEvent(payload);
      this.options.sink.applyKeyEvent(event);
      if (event) {
        client.query("SELECT pg_notify($1, $2)", [KEY_ACKS_CHANNEL, `${event.id} ${this.instanceId}`]).catch(() => {});
      }
    } else if (channel === KEY_ACKS_CHANNEL && payload) {
      const [eventId, instanceId] = payload.split(" ");
      if (!eventId || !instanceId) return;
      this.pruneAcks();
      const entry = this.acks.get(eventId) ?? { at: Date.now(), from: new Set<string>() };
      entry.from.add(instanceId);
      this.acks.set(eventId, entry);
      for (const wake of this.ackWaiters) wake();
    }
  }

  private pruneAcks(): void {
    const cutoff = Date.now() - ACK_MEMORY_MS;
    for (const [eventId, entry] of this.acks) {
      if (entry.at >= cutoff) break;
      this.acks.delete(eventId);
    }
  }

  /**
   * Waits until every instance listening on this database acknowledged the event, or until the
   * timeout (then logs which did not). `database` is any pool on the same database.
   */
  async waitForAcks(database: pg.Pool, eventId: string): Promise<void> {
    const { rows } = await database.query<{ instance: string }>(
      `SELECT substr(application_name, $1) AS instance FROM pg_stat_activity
       WHERE datname = current_database() AND starts_with(application_name, $2)`,
      [LISTENER_APPLICATION_PREFIX.length + 1, LISTENER_APPLICATION_PREFIX],
    );
    const expected = rows.map((row) => row.instance);
    const missing = () => expected.filter((instance) => !this.acks.get(eventId)?.from.has(instance));
    if (missing().length === 0) return;
    const timeoutMs = this.options.ackTimeoutMs ?? 2_000;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.ackWaiters.delete(check);
        resolve();
      };
      const check = () => {
        if (missing().length === 0) done();
      };
      const timer = setTimeout(() => {
        this.log(`no acknowledgement of a key event within ${timeoutMs} ms from instance(s) ${missing().join(", ")}.`);
        done();
      }, timeoutMs);
      this.ackWaiters.add(check);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    this.listening = false;
    await client?.end().catch(() => {});
  }
}
