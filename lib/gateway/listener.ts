// How a verifier process on PostgreSQL hears other processes' key events: one dedicated connection
// that LISTENs on the events, acknowledgements and heartbeat channels (see ./key-events.ts).
//
// - Caching is on only while a heartbeat lease holds (./lease.ts): every HEARTBEAT_INTERVAL_MS this
//   instance sends a heartbeat through its control pool (never through the LISTEN connection, so a
//   stalled socket cannot hold it up); when one comes back on the LISTEN connection, the instance
//   renews its registry row (./instances.ts) and may then serve from its cache until the heartbeat's
//   send time + L. A connection that is up but silent (a stalled proxy, a half-open TCP connection)
//   therefore stops the cache within L; after RECONNECT_AFTER_MS without one of our heartbeats the
//   connection is torn down and opened again. A heartbeat that arrives again re-enables caching.
// - Each event is applied, then acknowledged with this instance's id; a writer in this process waits
//   for the acknowledgements of every instance with an unexpired lease (./acknowledgements.ts).
import { randomUUID } from "node:crypto";
import net from "node:net";
import pg from "pg";
import { Acknowledgements } from "./acknowledgements";
import { HEARTBEAT_CHANNEL, KEY_ACKS_CHANNEL, KEY_EVENTS_CHANNEL, LISTENER_APPLICATION_PREFIX, decodeKeyEvent, type KeyEventSink } from "./key-events";
import { liveInstances, purgeDeadInstances, removeInstance, renewInstance } from "./instances";
import { HEARTBEAT_INTERVAL_MS, HeartbeatLease, KEY_LEASE_MS, type HeartbeatTicket } from "./lease";
import type { Queryable } from "./store";

export type ListenerOptions = {
  connectionString: string;
  sink: KeyEventSink & { setCaching(enabled: boolean): void };
  /** The lease the verifier consults before every cache use; the listener keeps it alive. */
  lease?: HeartbeatLease;
  log?: (message: string) => void;
};

const MAX_BACKOFF_MS = 2_000;
/** A connection that delivered none of our heartbeats for this long is replaced. */
const RECONNECT_AFTER_MS = 3 * KEY_LEASE_MS;
/** Short TCP keepalive on the LISTEN connection, so a dead peer is noticed by the OS too. */
const KEEPALIVE_DELAY_MS = 5_000;

export class KeyEventListener {
  readonly instanceId = randomUUID();
  readonly lease: HeartbeatLease;
  private client: pg.Client | null = null;
  private listening = false;
  /** When the connection came up, or last delivered one of our heartbeats. */
  private heardAt = 0;
  private renewalFailing = false;
  private closed = false;
  private backoffMs = 100;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private heartbeatInFlight = false;
  private renewing: HeartbeatTicket | null = null;
  private nextRenewal: HeartbeatTicket | null = null;
  /** Whether the last grant opened the lease and no lapse has been logged since. */
  private leaseHeld = false;
  /** Heartbeats, renewals and acknowledgements: one connection of their own, apart from lookups. */
  private readonly control: pg.Pool;
  private readonly acknowledgements = new Acknowledgements();
  private readonly sockets = new WeakMap<pg.Client, net.Socket>();
  private readonly log: (message: string) => void;

  constructor(private readonly options: ListenerOptions) {
    this.log = options.log ?? ((message) => console.warn(`[gateway] ${message}`));
    this.lease = options.lease ?? new HeartbeatLease();
    this.control = new pg.Pool({ connectionString: options.connectionString, max: 1, connectionTimeoutMillis: 2_000, query_timeout: 5_000 });
    this.control.on("error", () => {});
  }

  /** Resolves once listening for the first time (or rejects if the first attempt fails). */
  async start(): Promise<void> {
    this.heartbeatTimer ??= setInterval(() => this.tick(), HEARTBEAT_INTERVAL_MS).unref();
    void purgeDeadInstances(this.control).catch(() => {});
    await this.connect();
  }

  get isListening(): boolean {
    return this.listening;
  }

  private async connect(): Promise<void> {
    // Our own socket, so that a stalled connection can be destroyed (end() waits for the peer).
    const socket = new net.Socket();
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
      connectionTimeoutMillis: 2_000,
      stream: () => socket,
    });
    this.client = client;
    this.sockets.set(client, socket);
    client.on("notification", (message) => this.onNotification(message.channel, message.payload));
    client.on("error", () => this.onDown(client));
    client.on("end", () => this.onDown(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${KEY_EVENTS_CHANNEL}; LISTEN ${KEY_ACKS_CHANNEL}; LISTEN ${HEARTBEAT_CHANNEL}`);
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
    this.heardAt = performance.now();
    this.backoffMs = 100;
    this.sendHeartbeat(); // caching starts with the first heartbeat that comes back
  }

  private onDown(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners("notification");
    client.end().catch(() => {});
    this.sockets.get(client)?.destroy();
    if (this.listening) this.log("lost the key-events connection: serving from the database until it is back.");
    this.listening = false;
    this.lease.reset();
    this.leaseHeld = false;
    this.options.sink.setCaching(false);
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().catch(() => {});
    }, this.backoffMs);
    this.reconnectTimer.unref();
    this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2);
  }

  /** Every HEARTBEAT_INTERVAL_MS: notice a lapsed lease, replace a silent connection, send a heartbeat. */
  private tick(): void {
    if (!this.listening || !this.client) return;
    if (this.leaseHeld && !this.lease.valid) {
      // The verifier noticed already if a request came; this keeps /health right without one.
      this.leaseHeld = false;
      this.options.sink.setCaching(false);
      this.log(`no heartbeat came back on the key-events connection for ${this.lease.leaseMs} ms: serving from the database until one does.`);
    }
    if (performance.now() - this.heardAt >= RECONNECT_AFTER_MS) {
      this.log("the key-events connection delivers nothing: reconnecting.");
      return this.onDown(this.client);
    }
    this.sendHeartbeat();
  }

  private sendHeartbeat(): void {
    if (this.heartbeatInFlight || this.closed) return;
    this.heartbeatInFlight = true;
    const sequence = this.lease.send();
    this.control
      .query("SELECT pg_notify($1, $2)", [HEARTBEAT_CHANNEL, `${this.instanceId} ${sequence}`])
      .catch(() => {})
      .finally(() => (this.heartbeatInFlight = false));
  }

  private onNotification(channel: string, payload: string | undefined): void {
    if (channel === KEY_EVENTS_CHANNEL) {
      const event = decodeKeyEvent(payload);
      this.options.sink.applyKeyEvent(event);
      if (event) this.control.query("SELECT pg_notify($1, $2)", [KEY_ACKS_CHANNEL, `${event.id} ${this.instanceId}`]).catch(() => {});
    } else if (channel === KEY_ACKS_CHANNEL || channel === HEARTBEAT_CHANNEL) {
      const [first, second] = (payload ?? "").split(" ");
      if (!first || !second) return;
      if (channel === KEY_ACKS_CHANNEL) this.acknowledgements.record(first, second);
      else if (first === this.instanceId) this.onOwnHeartbeat(Number(second));
    }
  }

  private onOwnHeartbeat(sequence: number): void {
    this.heardAt = performance.now();
    const ticket = this.lease.received(sequence);
    if (!ticket) return;
    if (this.renewing) {
      this.nextRenewal = ticket;
      return;
    }
    void this.renewThenGrant(ticket);
  }

  /** The registry row first, then the local lease it covers; one renewal at a time, the latest last. */
  private async renewThenGrant(ticket: HeartbeatTicket): Promise<void> {
    this.renewing = ticket;
    try {
      await renewInstance(this.control, this.instanceId, this.lease.leaseMs);
      if (this.renewalFailing) this.log("renewed this instance's lease again.");
      this.renewalFailing = false;
      if (this.closed) return;
      // A lease that had run out reopens with an empty cache (setCaching empties it).
      if (this.lease.grant(ticket)) {
        this.leaseHeld = true;
        this.options.sink.setCaching(true);
      }
    } catch (error) {
      // No renewal, no lease (the cache stays off); the next heartbeat tries again.
      if (!this.renewalFailing) {
        this.log(`could not renew this instance's lease in "GatewayInstance" (${error instanceof Error ? error.message : "unknown error"}): serving from the database.`);
      }
      this.renewalFailing = true;
    } finally {
      this.renewing = null;
      const next = this.nextRenewal;
      this.nextRenewal = null;
      if (next && !this.closed) void this.renewThenGrant(next);
    }
  }

  /**
   * Waits until every other instance with an unexpired lease acknowledged the event, or could no
   * longer be serving from its cache (see ./acknowledgements.ts). `database` is any pool on the
   * same database. If the registry cannot be read, it waits a whole lease: that is always enough.
   */
  async waitForAcks(database: Queryable, eventId: string): Promise<void> {
    let instances;
    try {
      instances = await liveInstances(database, this.instanceId);
    } catch {
      this.log(`could not read the gateway instances: waiting ${KEY_LEASE_MS} ms for any that may be caching.`);
      return new Promise((resolve) => setTimeout(resolve, KEY_LEASE_MS));
    }
    const waitedOut = await this.acknowledgements.waitFor(eventId, instances);
    if (waitedOut.length > 0) {
      this.log(`no acknowledgement of a key event from instance(s) ${waitedOut.join(", ")}: waited until their lease ran out.`);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    const client = this.client;
    this.client = null;
    this.listening = false;
    this.lease.reset();
    await removeInstance(this.control, this.instanceId).catch(() => {});
    if (client) {
      const ended = client.end().catch(() => {});
      // A stalled connection never answers the goodbye.
      const timer = setTimeout(() => this.sockets.get(client)?.destroy(), 1_000);
      await ended;
      clearTimeout(timer);
    }
    await this.control.end().catch(() => {});
  }
}
