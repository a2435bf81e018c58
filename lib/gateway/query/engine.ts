// The query engine: routes one verified Accelerate request to its resource's executor, under the
// gateway's limits. See ./index.ts for what it owns and its interface.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { KeyEvent, KeyEventSink } from "@/lib/gateway/key-events";
import { shapeOf, type CacheOutcome, type UsageRecorder } from "@/lib/gateway/insights";
import { digestApiKey } from "@/lib/keys/api-key";
import { randomBase62 } from "@/lib/keys/base62";
import { CODES, parseQueryBody, PATHS, REQUEST_HEADERS, RESPONSE_HEADERS, TRANSACTION_PATH, type QueryBody } from "./accelerate-protocol";
import { INVALIDATE_PATH, QueryCacheFrontend, uncachedHeaders, type QueryCacheOptions } from "./cache";
import { withDeadline } from "./deadline";
import { ConnectionLookupError, type ConnectionResolver } from "./connections";
import { GatewayQueryError, invalidParameters, toErrorAnswer, type ErrorContext } from "./errors";
import type { ResourceExecutor } from "./executor";
import { hostAllowlistFromEnv, type HostAllowlist } from "./host-allowlist";
import { readBody, sendError, sendJson } from "./http-io";
import { queryLimitsFromEnv, type QueryLimits } from "./limits";
import { ExecutorRegistry } from "./pools";
import { assertReadOnlyRequest, needsReadOnlyTransaction } from "./read-only";
import type { StoredConnectionResolver } from "./stored-connections";
import type { CancelReason } from "./statements";
import { TransactionLifecycle } from "./transaction-lifecycle";
import { TransactionRegistry, type OpenTransaction } from "./transactions";
import { assertSupportedClient, dataProxyClientVersion, unsupportedDataProxyClient } from "./versions";

/** What the router knows once the key verified: the key decides the resource, the resource the database. */
export type VerifiedKey = {
  keyId: string;
  resourceId: string;
  projectId?: string;
  /** read-write unless said: a read-only key's writes are refused before the database (./read-only.ts). */
  permission?: "read-write" | "read-only";
  /** Epoch ms; the key's open transactions end at this instant. Null or absent: never. */
  expiresAt?: number | null;
};

export type AccelerateRequest = { path: string; key: VerifiedKey };

export type QueryEngineOptions = {
  resolveConnection: ConnectionResolver;
  limits?: Partial<QueryLimits>;
  /** PLATFORM_DATABASE_HOSTS by default; null: any host. */
  allowlist?: HostAllowlist | null;
  /** Names this process in transaction ids and the sticky cookie; random by default. */
  instanceId?: string;
  log?: (message: string) => void;
  /** The query cache (./cache): its byte bounds, the lease it serves under, how invalidations spread. */
  cache?: QueryCacheOptions;
  /** Usage and query insights (../insights); absent (GATEWAY_USAGE=off): nothing is recorded. */
  usage?: UsageRecorder | null;
};

/**
 * The cookie naming this process. Prisma Client keeps one cookie jar per PrismaClient and sends it
 * on every request (RemoteExecutor.ts's HttpClient), and its first request is always GET
 * /connection-info: set there, the cookie is in the jar before any transaction starts, so a load
 * balancer routing on it sends all of a client's requests to one process (and so every request of
 * its transactions to the process holding them). Set again on /transaction/start.
 */
export const INSTANCE_COOKIE = "gateway_instance";

const NO_CONNECTION =
  "This resource has no database connection, so the gateway has nowhere to run queries. Set one in the Console: the resource's Settings → Database connection.";

export class QueryEngine implements KeyEventSink {
  readonly limits: QueryLimits;
  private readonly registry: TransactionRegistry;
  private readonly executors: ExecutorRegistry;
  private readonly transactions: TransactionLifecycle;
  private readonly usage: UsageRecorder | null;
  readonly cache: QueryCacheFrontend;

  constructor(private readonly options: QueryEngineOptions) {
    this.limits = { ...queryLimitsFromEnv(), ...options.limits };
    this.cache = new QueryCacheFrontend(options.cache);
    this.registry = new TransactionRegistry(options.instanceId ?? randomBase62(10));
    this.transactions = new TransactionLifecycle(this.registry, this.limits);
    this.usage = options.usage ?? null;
    this.executors = new ExecutorRegistry({
      limits: this.limits,
      allowlist: options.allowlist === undefined ? hostAllowlistFromEnv() : options.allowlist,
      hasTransactions: (executor) => this.registry.countFor(executor) > 0,
      onRetire: (executor) => this.abandon((transaction) => transaction.executor === executor, "closed"),
    });
  }

  /** This process's name in transaction ids and the instance cookie. */
  get instanceId(): string {
    return this.registry.instanceId;
  }

  private get instanceCookie(): string {
    return `${INSTANCE_COOKIE}=${this.instanceId}; Path=/; HttpOnly; SameSite=Strict`;
  }

  stats(): { pools: number; transactions: number; cache: ReturnType<QueryCacheFrontend["cache"]["stats"]>; usage: ReturnType<UsageRecorder["stats"]> | null } {
    return { pools: this.executors.size, transactions: this.registry.size, cache: this.cache.cache.stats(), usage: this.usage?.stats() ?? null };
  }

  /** The listener: key events are heard (true) or may be missed (false); see ./cache/query-cache.ts. */
  setCaching(enabled: boolean): void {
    this.cache.cache.setEnabled(enabled);
  }

  /** Answers one Accelerate request whose key the router verified. Never throws. */
  handle = async (req: IncomingMessage, res: ServerResponse, request: AccelerateRequest): Promise<void> => {
    const started = performance.now();
    const context: ErrorContext = { label: "the resource's database", log: this.options.log };
    let code: string | null = null;
    let cache: CacheOutcome = null;
    try {
      const legacy = dataProxyClientVersion(request.path);
      if (legacy !== null) throw unsupportedDataProxyClient(legacy);
      // `$accelerate.invalidate` is the extension's own fetch, without Prisma's headers; it runs no plan.
      if (request.path !== INVALIDATE_PATH) assertSupportedClient(req.headers[REQUEST_HEADERS.engineHash]);
      cache = await this.route(req, res, request, context);
    } catch (error) {
      req.resume();
      const answer = toErrorAnswer(error, context);
      code = answer.body.code;
      sendError(res, answer);
    }
    this.usage?.request(request.key.resourceId, request.key.keyId, performance.now() - started, code, cache);
  };

  /** Answers one request; returns how the query cache answered it (for usage). */
  private async route(req: IncomingMessage, res: ServerResponse, { path, key }: AccelerateRequest, context: ErrorContext): Promise<CacheOutcome> {
    const method = path === PATHS.connectionInfo ? "GET" : "POST";
    if (req.method !== method) throw invalidParameters(`Use ${method} for ${path}.`);
    if (path === PATHS.connectionInfo) {
      req.resume();
      const executor = await this.executorFor(key, context);
      sendJson(res, 200, JSON.stringify(executor.connectionInfo()), { "Set-Cookie": this.instanceCookie });
      return null;
    }
    const text = await readBody(req, this.limits.maxRequestBytes);
    if (path === PATHS.query) {
      const body = this.parseQuery(text, key);
      // SQL a read-only key's client wrote runs in a READ ONLY transaction too: the database has the last word.
      const readOnly = key.permission === "read-only" && needsReadOnlyTransaction(body);
      // The cache may answer without the executor; a read it needs runs exactly as before.
      const read = async () => {
        const executor = await this.executorFor(key, context);
        const ran = performance.now();
        const data = await withDeadline(this.limits, executor, null, (scope) => (readOnly ? executor.runReadOnly(body, scope) : executor.run(body, null, scope)));
        this.recordQuery(key, body, ran, data);
        return this.encodeData(data);
      };
      const status = await this.cache.answerQuery(req, res, key, body, read);
      return status === "ttl" || status === "swr" ? "hit" : status === "miss" ? "miss" : null;
    }
    if (path === INVALIDATE_PATH) {
      await this.cache.answerInvalidate(res, key, text);
      return null;
    }
    if (path === PATHS.transactionStart) {
      const id = await this.transactions.start(req, key, text, () => this.executorFor(key, context));
      const headers = { [RESPONSE_HEADERS.machineHint]: this.instanceId, "Set-Cookie": this.instanceCookie, [RESPONSE_HEADERS.transactionId]: id };
      sendJson(res, 200, JSON.stringify({ id }), headers);
      return null;
    }
    const match = TRANSACTION_PATH.exec(path);
    if (!match) throw invalidParameters(`No such Accelerate path: ${path.slice(0, 100)}.`);
    const transaction = this.registry.find(match[1]!, key);
    context.label = transaction.executor.label;
    context.password = transaction.executor.password;
    const sticky = { [RESPONSE_HEADERS.machineHint]: this.instanceId };
    if (match[2] === "query") {
      const body: QueryBody = this.parseQuery(text, key);
      const ran = performance.now();
      const data = await withDeadline(this.limits, transaction.executor, transaction, (scope) => transaction.executor.run(body, transaction.innerId, scope));
      this.recordQuery(key, body, ran, data);
      sendJson(res, 200, this.encodeData(data), { ...sticky, ...uncachedHeaders() });
      return null;
    }
    await this.transactions.end(transaction, match[2] === "commit" ? "commit" : "rollback");
    sendJson(res, 200, "{}", sticky);
    return null;
  }

  /** A query the database ran: its shape (never its values), time and rows, for insights. */
  private recordQuery(key: VerifiedKey, body: QueryBody, ran: number, data: unknown): void {
    if (this.usage === null) return;
    const rows = Array.isArray(data) ? data.length : data === null || data === undefined ? 0 : 1;
    this.usage.query(key.resourceId, key.keyId, shapeOf(body), performance.now() - ran, rows);
  }

  /** A query body, refused before any database work if a read-only key sends what may write. */
  private parseQuery(text: string, key: VerifiedKey): QueryBody {
    const body = parseQueryBody(text);
    if (key.permission === "read-only") assertReadOnlyRequest(body);
    return body;
  }

  private async executorFor(key: VerifiedKey, context: ErrorContext): Promise<ResourceExecutor> {
    let target;
    try {
      target = await this.options.resolveConnection(key.resourceId);
    } catch (error) {
      // The resolver's own answers (e.g. a string this process cannot decrypt) pass unchanged.
      throw error instanceof ConnectionLookupError || error instanceof GatewayQueryError ? error : new ConnectionLookupError(error);
    }
    if (!target) throw new GatewayQueryError(CODES.noConnection, NO_CONNECTION);
    const executor = await this.executors.acquire(key.resourceId, target);
    context.label = executor.label;
    context.password = executor.password;
    return executor;
  }

  /** The answer's text, `{"data": …}`, unless it is larger than the gateway sends (P6009). */
  private encodeData(data: unknown): string {
    const text = JSON.stringify({ data });
    const max = this.limits.maxResponseBytes;
    const size = text.length * 3 <= max ? text.length : Buffer.byteLength(text);
    if (size > max) {
      throw new GatewayQueryError(
        CODES.responseTooLarge,
        `The query's result is ${size} bytes, more than this gateway sends (${max} bytes). Fetch fewer rows (take, cursor pagination) or fewer fields (select).`,
        { sizeBytes: size, limitBytes: max },
      );
    }
    return text;
  }

  /** Cancels the running statement of, and rolls back, every open transaction matching `predicate`. */
  private abandon(predicate: (transaction: OpenTransaction) => boolean, reason: CancelReason): Promise<number> {
    return this.transactions.abandon(predicate, reason);
  }

  /** A key was deleted: its open transactions are rolled back now (their next request gets P6002). */
  rollbackTransactionsOfKey(keyId: string): Promise<number> {
    return this.abandon((transaction) => transaction.owner.keyId === keyId, "revoked");
  }

  /**
   * The router refused the key of a request on `/transaction/{id}/…` (deleted, say, and the event
   * missed): rolls that transaction back if the same key started it. Returns whether it did.
   */
  async rollbackTransactionForRefusedKey(path: string, bearer: string | null): Promise<boolean> {
    const id = TRANSACTION_PATH.exec(path)?.[1];
    if (!id || !bearer) return false;
    const digest = digestApiKey(bearer);
    return (await this.abandon((transaction) => transaction.id === id && transaction.owner.keyDigest === digest, "revoked")) > 0;
  }

  /** The resource's connection changed or was removed, or the resource was deleted. */
  async forgetResource(resourceId: string): Promise<void> {
    (this.options.resolveConnection as Partial<Pick<StoredConnectionResolver, "invalidate">>).invalidate?.(resourceId);
    this.cache.cache.dropResource(resourceId);
    await this.abandon((transaction) => transaction.owner.resourceId === resourceId, "closed");
    await this.executors.forget(resourceId);
  }

  /** Key events (lib/gateway/key-events.ts): a revoked key, resource or project ends its transactions. */
  applyKeyEvent(event: KeyEvent | null): void {
    if (event === null) return this.cache.cache.clear(); // an event we cannot read: it may have been an invalidation
    if (event.type === "cache-invalidated") return this.cache.applyInvalidation(event);
    if (event.type === "expiry") {
      // A roll moved the key's expiry: its open transactions end at the new instant.
      return this.transactions.moveKeyExpiry(event.keyId, event.expiresAt);
    }
    if (event.type !== "revoked") return;
    // A deleted key keeps its resource's cache (other keys of the resource read it); a deleted
    // resource or project, or a changed connection, drops it (forgetResource).
    if ("projectId" in event) this.cache.cache.dropProject(event.projectId);
    if ("keyId" in event) void this.rollbackTransactionsOfKey(event.keyId);
    else if ("resourceId" in event) void this.forgetResource(event.resourceId);
    else if ("projectId" in event) void this.abandon((transaction) => transaction.owner.projectId === event.projectId, "revoked");
  }

  async close(): Promise<void> {
    await this.abandon(() => true, "closed");
    await this.executors.close();
  }
}

