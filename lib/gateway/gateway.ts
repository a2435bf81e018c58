// Puts the gateway together: a verifier over the database, how it hears key events, the failed-
// verification limiter, the HTTP handlers and (when a port is given) the gateway's own server.
//
// - PostgreSQL: a pg Pool for lookups and one LISTEN connection (./listener.ts); the verifier
//   caches only while the heartbeat lease on that connection holds (./lease.ts). Writers in this
//   process wait for the other instances' acknowledgements through the ack waiter installed here.
// - PGlite: one process holds the database, so no other process can write: events arrive
//   in-process only (./key-events.ts) and the cache is on from the start.
//
// The query engine (./query) runs verified requests on the key's resource's database, which the
// stored-connection resolver reads from the same Console database (encrypted; decrypted with this
// process's encryption key). Key events reach both the verifier and the engine: a deleted key is
// refused on its next request, and its open transactions are rolled back at once.
import type http from "node:http";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { createLimitedServer, httpServerLimitsFromEnv, type HttpServerLimits } from "@/lib/net/http-server-limits";
import { loadEncryptionKey, type EncryptionKey } from "@/lib/secrets/connection-encryption";
import { TokenBucketLimiter } from "@/lib/server/rate-limit";
import { GatewayHandler } from "./http";
import { encodeKeyEvent, installAckWaiter, KEY_EVENTS_CHANNEL, registerKeyEventSink, type CacheInvalidatedEvent, type KeyEvent, type KeyEventSink } from "./key-events";
import { UsageRecorder, usageOptionsFromEnv, type UsageOptions } from "./insights";
import { HeartbeatLease } from "./lease";
import { Housekeeper } from "./housekeeping";
import { KeyEventListener } from "./listener";
import { createQueryEngine, createStoredConnectionResolver, type ConnectionTarget, type QueryEngine, type QueryLimits } from "./query";
import type { CacheLimits } from "./query/cache";
import type { HostAllowlist } from "./query/host-allowlist";
import type { Queryable } from "./store";
import { KeyVerifier } from "./verifier";

export type GatewayDatabase = { kind: "pglite"; pglite: PGlite } | { kind: "postgres"; url: string };

export type GatewayConfig = {
  /** The gateway's own port; null serves only through `handler` (e.g. on the Console's port). */
  port: number | null;
  host: string;
  trustProxy: boolean;
  failedVerifyBurst: number;
  failedVerifyPerSecond: number;
  cacheSize: number;
  /** Timeouts and the per-address socket cap of the gateway's own server. */
  http: HttpServerLimits;
  log: (message: string) => void;
  /**
   * The key that decrypts stored connection strings, loaded on first need. Default: the
   * environment's PLATFORM_ENCRYPTION_KEY or the data folder's key, never a new one (a key this
   * process invented would decrypt nothing); without one, queries get P6008 naming the variable.
   */
  encryptionKey?: () => EncryptionKey;
  /** The embedded demo database, when this process holds it (./demo-database.ts). */
  embeddedDemo?: () => Promise<ConnectionTarget>;
  /** Overrides of the query limits (default: GATEWAY_* environment variables, ./query/limits.ts). */
  queryLimits?: Partial<QueryLimits>;
  /** Overrides of the query cache's bounds (default: GATEWAY_QUERY_CACHE_MB, _ENTRY_MB). */
  queryCache?: Partial<CacheLimits>;
  /** Default: PLATFORM_DATABASE_HOSTS; null: any host. */
  allowlist?: HostAllowlist | null;
  /**
   * GATEWAY_INSTANCE_NAME: this process's name in transaction ids and the gateway_instance cookie,
   * for a load balancer configured with one rule per process (README, "Several gateway processes").
   * Default: the listener's random id (PostgreSQL), or a random one. Unique per process.
   */
  instanceName?: string;
  /**
   * Usage recording (./insights): default from GATEWAY_USAGE (off: none), GATEWAY_USAGE_FLUSH_MS,
   * GATEWAY_USAGE_RETENTION_DAYS, GATEWAY_USAGE_MAX_SHAPES; null records nothing.
   */
  usage?: UsageOptions | null;
};

const INSTANCE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export type Gateway = {
  handler: GatewayHandler;
  verifier: KeyVerifier;
  engine: QueryEngine;
  /** Usage recording; null when GATEWAY_USAGE=off. */
  usage: UsageRecorder | null;
  listener: KeyEventListener | null;
  server: http.Server | null;
  /** The port actually bound (useful with port 0). */
  port: number | null;
  close(): Promise<void>;
};

const positiveNumber = (value: string | undefined, fallback: number) => {
  const parsed = Number(value);
  return value !== undefined && value !== "" && Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
};

/** GATEWAY_PORT (default 4466, "off" for none), GATEWAY_HOST, the limiter's and cache's sizes, HTTP_*. */
export function gatewayConfigFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const rawPort = (env.GATEWAY_PORT ?? "").trim();
  const port = rawPort === "off" ? null : rawPort === "" ? 4466 : Number(rawPort);
  if (port !== null && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
    throw new Error('GATEWAY_PORT must be a port number (or "off").');
  }
  const instanceName = env.GATEWAY_INSTANCE_NAME?.trim() || undefined;
  if (instanceName !== undefined && !INSTANCE_NAME.test(instanceName)) {
    throw new Error("GATEWAY_INSTANCE_NAME must be 1–64 characters of A–Z, a–z, 0–9, _ and -.");
  }
  return {
    port,
    instanceName,
    host: env.GATEWAY_HOST || env.HOST || "0.0.0.0",
    trustProxy: env.PLATFORM_TRUST_PROXY === "1",
    failedVerifyBurst: positiveNumber(env.GATEWAY_FAILED_VERIFY_BURST, 20),
    failedVerifyPerSecond: positiveNumber(env.GATEWAY_FAILED_VERIFY_PER_SECOND, 1),
    cacheSize: positiveNumber(env.GATEWAY_CACHE_SIZE, 10_000),
    http: httpServerLimitsFromEnv(env),
    log: (message) => console.warn(`[gateway] ${message}`),
  };
}

/** Sends a cache invalidation to every listening process and waits for their acknowledgements. */
function broadcastOver(pool: pg.Pool, listener: KeyEventListener): (event: CacheInvalidatedEvent) => Promise<void> {
  return async (event) => {
    await pool.query("SELECT pg_notify($1, $2)", [KEY_EVENTS_CHANNEL, encodeKeyEvent(event)]);
    await listener.waitForAcks(pool, event.id);
  };
}

/** Hands every key event to each sink: the verifier (evicts) and the query engine (rolls back). */
function fanOut(sinks: KeyEventSink[]): KeyEventSink {
  return { applyKeyEvent: (event: KeyEvent | null) => sinks.forEach((sink) => sink.applyKeyEvent(event)) };
}

export async function createGateway(database: GatewayDatabase, config: GatewayConfig): Promise<Gateway> {
  let queryable: Queryable;
  let pool: pg.Pool | null = null;
  let listener: KeyEventListener | null = null;
  let verifier: KeyVerifier;
  let lease: HeartbeatLease | undefined;
  // The engine's, once it exists: the listener turns the query cache on and off with the verifier's.
  let engineRef: QueryEngine | null = null;
  // Filled below, once the engine exists; the listener only delivers after start().
  const sinks: KeyEventSink[] = [];
  if (database.kind === "postgres") {
    pool = new pg.Pool({ connectionString: database.url, max: 10, connectionTimeoutMillis: 2_000, query_timeout: 5_000 });
    // An idle connection that dies (the database restarted) must not crash the process.
    pool.on("error", () => {});
    queryable = pool;
    lease = new HeartbeatLease();
    verifier = new KeyVerifier(queryable, { cacheSize: config.cacheSize, caching: false, yieldBeforeCacheHit: true, lease });
    const events = fanOut(sinks);
    const cachingVerifier = verifier;
    listener = new KeyEventListener({
      connectionString: database.url,
      sink: {
        applyKeyEvent: events.applyKeyEvent,
        setCaching: (enabled) => {
          cachingVerifier.setCaching(enabled);
          engineRef?.setCaching(enabled);
        },
      },
      lease,
      log: config.log,
    });
  } else {
    queryable = database.pglite as unknown as Queryable;
    verifier = new KeyVerifier(queryable, { cacheSize: config.cacheSize, caching: true });
  }

  // Usage is written to the Console's database in batches (never a write per request).
  const usageOptions = config.usage === undefined ? usageOptionsFromEnv() : config.usage;
  const usage = usageOptions ? new UsageRecorder(queryable, usageOptions, config.log) : null;

  const engine = createQueryEngine({
    usage,
    resolveConnection: createStoredConnectionResolver({
      database: queryable,
      key: config.encryptionKey ?? (() => loadEncryptionKey({ create: false })),
      embeddedDemo: config.embeddedDemo,
    }),
    // The operator's name for this process, else the listener's id (PostgreSQL): one name per process.
    instanceId: config.instanceName ?? listener?.instanceId,
    limits: config.queryLimits,
    ...(config.allowlist !== undefined ? { allowlist: config.allowlist } : {}),
    log: config.log,
    cache: {
      limits: config.queryCache,
      lease,
      // PostgreSQL: every other process drops the entries too before /invalidate answers (the
      // key events' NOTIFY and acknowledgements). PGlite: this process is the only one.
      broadcast: pool && listener ? broadcastOver(pool, listener) : undefined,
    },
  });
  engineRef = engine;
  sinks.push(verifier, engine);
  const unregister = [registerKeyEventSink(verifier), registerKeyEventSink(engine)];

  if (listener && pool) {
    const ackPool = pool;
    const ackListener = listener;
    installAckWaiter((eventId) => ackListener.waitForAcks(ackPool, eventId));
    // If the database is down at start, the listener keeps retrying and the verifier answers 503.
    await listener.start().catch(() => config.log("the database is not reachable yet; retrying."));
  }
  verifier.lastUse.start();
  const housekeeper = new Housekeeper(queryable, config.log);
  housekeeper.start();
  usage?.start();

  const limiter = new TokenBucketLimiter(config.failedVerifyBurst, config.failedVerifyPerSecond);
  const handler = new GatewayHandler({
    verifier,
    engine,
    limiter,
    trustProxy: config.trustProxy,
    instanceId: listener?.instanceId,
    instanceName: engine.instanceId,
    log: config.log,
  });

  let server: http.Server | null = null;
  let port: number | null = null;
  if (config.port !== null) {
    const created = createLimitedServer(config.http, handler.handle);
    server = created;
    await new Promise<void>((resolve, reject) => {
      created.once("error", reject);
      created.listen(config.port ?? 0, config.host, () => resolve());
    });
    const address = created.address();
    port = typeof address === "object" && address ? address.port : null;
  }

  return {
    handler,
    verifier,
    engine,
    usage,
    listener,
    server,
    port,
    async close() {
      if (server) {
        server.closeIdleConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      // Open transactions are rolled back and every resource's pool is closed.
      await engine.close().catch(() => config.log("could not close every database connection of the query engine."));
      for (const done of unregister) done();
      if (listener) installAckWaiter(null);
      await verifier.lastUse.stop().catch(() => config.log("could not record the last use of some keys (database unavailable)."));
      await housekeeper.stop();
      await usage?.stop().catch(() => config.log("could not write the last usage figures (database unavailable)."));
      await listener?.close();
      await pool?.end();
    },
  };
}
