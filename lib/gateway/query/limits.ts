// The gateway's limits on running queries: ours, never the client's (the x-query-timeout,
// x-max-transaction-timeout and x-max-response-size headers Prisma's executor honours are ignored).
// Defaults are Prisma Accelerate's published ones; every figure can be changed by environment.

export type QueryLimits = {
  /** One POST /query (every statement of its plan): the running statement is cancelled on the database. */
  queryTimeoutMs: number;
  /** The longest interactive transaction a client may ask for (`timeout`); more is refused with P6005. */
  transactionTimeoutMs: number;
  /** The longest a client may wait for a transaction to start (`maxWait`); more is refused with P6005. */
  transactionMaxWaitMs: number;
  /** A larger result is not sent: P6009. */
  maxResponseBytes: number;
  /**
   * A request body larger than this is refused before it is read. Bodies are query plans plus
   * parameters; a `createMany` of some thousand rows is a few MB, so 10 MB leaves room for that
   * while bounding what one request can make the process buffer and parse.
   */
  maxRequestBytes: number;
  /** Connections per resource's pool. */
  poolSize: number;
  /** A resource's pool unused for this long is closed (and its connections with it). */
  poolIdleMs: number;
  /** Pools per process; opening one more closes the least recently used idle pool. */
  maxPools: number;
  /** Opening a database connection (TCP, TLS and authentication) gives up after this long: P6008. */
  connectTimeoutMs: number;
};

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  queryTimeoutMs: 10_000,
  transactionTimeoutMs: 15_000,
  transactionMaxWaitMs: 10_000,
  maxResponseBytes: 5 * 1024 * 1024,
  maxRequestBytes: 10 * 1024 * 1024,
  poolSize: 10,
  poolIdleMs: 60_000,
  maxPools: 100,
  connectTimeoutMs: 5_000,
};

/** Environment variable per limit (documented in the README's table). */
export const LIMIT_ENV: Record<keyof QueryLimits, string> = {
  queryTimeoutMs: "GATEWAY_QUERY_TIMEOUT_MS",
  transactionTimeoutMs: "GATEWAY_TRANSACTION_TIMEOUT_MS",
  transactionMaxWaitMs: "GATEWAY_TRANSACTION_MAX_WAIT_MS",
  maxResponseBytes: "GATEWAY_MAX_RESPONSE_BYTES",
  maxRequestBytes: "GATEWAY_MAX_REQUEST_BYTES",
  poolSize: "GATEWAY_POOL_SIZE",
  poolIdleMs: "GATEWAY_POOL_IDLE_MS",
  maxPools: "GATEWAY_MAX_POOLS",
  connectTimeoutMs: "GATEWAY_CONNECT_TIMEOUT_MS",
};

/** Reads the limits from the environment; a set but invalid value is an error at start, not a silent default. */
export function queryLimitsFromEnv(env: Record<string, string | undefined> = process.env): QueryLimits {
  const limits = { ...DEFAULT_QUERY_LIMITS };
  for (const [field, name] of Object.entries(LIMIT_ENV) as [keyof QueryLimits, string][]) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === "") continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number (got "${raw}").`);
    limits[field] = value;
  }
  return limits;
}
