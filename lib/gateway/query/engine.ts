// The query engine: routes one verified Accelerate request to its resource's executor, under the
// gateway's limits. See ./index.ts for what it owns and its interface.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { KeyEvent, KeyEventSink } from "@/lib/gateway/key-events";
import { digestApiKey } from "@/lib/keys/api-key";
import { randomBase62 } from "@/lib/keys/base62";
import {
  CODES,
  parseQueryBody,
  parseTransactionStartBody,
  PATHS,
  REQUEST_HEADERS,
  RESPONSE_HEADERS,
  TRANSACTION_PATH,
  type QueryBody,
} from "./accelerate-protocol";
import { INVALIDATE_PATH, QueryCacheFrontend, uncachedHeaders, type QueryCacheOptions } from "./cache";
import { ConnectionLookupError, type ConnectionResolver } from "./connections";
import { GatewayQueryError, invalidParameters, toErrorAnswer, type ErrorContext } from "./errors";
import type { ResourceExecutor } from "./executor";
import { hostAllowlistFromEnv, type HostAllowlist } from "./host-allowlist";
import { readBody, sendError, sendJson } from "./http-io";
import { queryLimitsFromEnv, type QueryLimits } from "./limits";
import { ExecutorRegistry } from "./pools";
import { assertReadOnlyRequest, needsReadOnlyTransaction } from "./read-only";
import type { StoredConnectionResolver } from "./stored-connections";
import { RequestScope, type CancelReason } from "./statements";
import { TransactionRegistry, type OpenTransaction, type TransactionOwner } from "./transactions";
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

const CANCELLED: Record<CancelReason, (limits: QueryLimits) => GatewayQueryError> = {
  timeout: (limits) =>
    new GatewayQueryError(CODES.timeout, `The query ran longer than this gateway's limit of ${limits.queryTimeoutMs} ms and was cancelled on the database.`, { timeoutMs: limits.queryTimeoutMs }),
  expired: () =>
    new GatewayQueryError(CODES.transaction, "Transaction API error: The interactive transaction reached its timeout while this query ran: the query was cancelled and the transaction rolled back."),
  revoked: () =>
    new GatewayQueryError(CODES.invalidKey, "The provided API Key is invalid. Reason: the key was deleted while its transaction was open; the transaction was rolled back."),
  keyExpired: () =>
    new GatewayQueryError(CODES.invalidKey, "The provided API Key is invalid. Reason: the key expired while its transaction was open; the transaction was rolled back."),
  closed: () =>
    new GatewayQueryError(CODES.transaction, "Transaction API error: The resource's database connection changed or the gateway is shutting down: the transaction was rolled back."),
};

export class QueryEngine implements KeyEventSink {
  readonly limits: QueryLimits;
  private readonly registry: TransactionRegistry;
  private readonly executors: ExecutorRegistry;
  readonly cache: QueryCacheFrontend;

  constructor(private readonly options: QueryEngineOptions) {
    this.limits = { ...queryLimitsFromEnv(), ...options.limits };
    this.cache = new QueryCacheFrontend(options.cache);
    this.registry = new TransactionRegistry(options.instanceId ?? randomBase62(10));
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

  stats(): { pools: number; transactions: number; cache: ReturnType<QueryCacheFrontend["cache"]["stats"]> } {
    return { pools: this.executors.size, transactions: this.registry.size, cache: this.cache.cache.stats() };
  }

  /** The listener: key events are heard (true) or may be missed (false); see ./cache/query-cache.ts. */
  setCaching(enabled: boolean): void {
    this.cache.cache.setEnabled(enabled);
  }

  /** Answers one Accelerate request whose key the router verified. Never throws. */
  handle = async (req: IncomingMessage, res: ServerResponse, request: AccelerateRequest): Promise<void> => {
    const context: ErrorContext = { label: "the resource's database", log: this.options.log };
    try {
      const legacy = dataProxyClientVersion(request.path);
      if (legacy !== null) throw unsupportedDataProxyClient(legacy);
      // `$accelerate.invalidate` is the extension's own fetch, without Prisma's headers; it runs no plan.
      if (request.path !== INVALIDATE_PATH) assertSupportedClient(req.headers[REQUEST_HEADERS.engineHash]);
      await this.route(req, res, request, context);
    } catch (error) {
      req.resume();
      sendError(res, toErrorAnswer(error, context));
    }
  };

  private async route(req: IncomingMessage, res: ServerResponse, { path, key }: AccelerateRequest, context: ErrorContext): Promise<void> {
    const method = path === PATHS.connectionInfo ? "GET" : "POST";
    if (req.method !== method) throw invalidParameters(`Use ${method} for ${path}.`);
    if (path === PATHS.connectionInfo) {
      req.resume();
      const executor = await this.executorFor(key, context);
      return sendJson(res, 200, JSON.stringify(executor.connectionInfo()), { "Set-Cookie": this.instanceCookie });
    }
    const text = await readBody(req, this.limits.maxRequestBytes);
    if (path === PATHS.query) {
      const body = this.parseQuery(text, key);
      // SQL a read-only key's client wrote runs in a READ ONLY transaction too: the database has the last word.
      const readOnly = key.permission === "read-only" && needsReadOnlyTransaction(body);
      // The cache may answer without the executor; a read it needs runs exactly as before.
      const read = async () => {
        const executor = await this.executorFor(key, context);
        return this.encodeData(
          await this.withDeadline(executor, null, (scope) => (readOnly ? executor.runReadOnly(body, scope) : executor.run(body, null, scope))),
        );
      };
      return this.cache.answerQuery(req, res, key, body, read);
    }
    if (path === INVALIDATE_PATH) return this.cache.answerInvalidate(res, key, text);
    if (path === PATHS.transactionStart) return this.start(req, res, key, text, context);
    const match = TRANSACTION_PATH.exec(path);
    if (!match) throw invalidParameters(`No such Accelerate path: ${path.slice(0, 100)}.`);
    const transaction = this.registry.find(match[1]!, key);
    context.label = transaction.executor.label;
    context.password = transaction.executor.password;
    const sticky = { [RESPONSE_HEADERS.machineHint]: this.instanceId };
    if (match[2] === "query") {
      const body: QueryBody = this.parseQuery(text, key);
      const data = await this.withDeadline(transaction.executor, transaction, (scope) => transaction.executor.run(body, transaction.innerId, scope));
      return sendJson(res, 200, this.encodeData(data), { ...sticky, ...uncachedHeaders() });
    }
    await this.end(transaction, match[2] === "commit" ? "commit" : "rollback");
    sendJson(res, 200, "{}", sticky);
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

  /** Runs work in a request scope with the query deadline; a cancelled scope answers at once. */
  private async withDeadline<T>(executor: ResourceExecutor, transaction: OpenTransaction | null, work: (scope: RequestScope) => Promise<T>): Promise<T> {
    let abort!: (error: Error) => void;
    const aborted = new Promise<never>((_, reject) => (abort = reject));
    const scope = new RequestScope((reason) => abort(CANCELLED[reason](this.limits)));
    const timer = setTimeout(() => scope.cancel("timeout"), this.limits.queryTimeoutMs);
    if (transaction) transaction.active = scope;
    executor.inFlight++;
    const running = work(scope);
    running.catch(() => {}); // answered by `aborted` if cancelled; the statement's own error comes later
    try {
      return await Promise.race([running, aborted]);
    } catch (error) {
      throw scope.cancelled ? CANCELLED[scope.cancelled](this.limits) : error;
    } finally {
      clearTimeout(timer);
      executor.inFlight--;
      executor.lastUsedAt = Date.now();
      if (transaction?.active === scope) transaction.active = null;
    }
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

  private async start(req: IncomingMessage, res: ServerResponse, key: VerifiedKey, text: string, context: ErrorContext): Promise<void> {
    const options = parseTransactionStartBody(text);
    const { transactionTimeoutMs, transactionMaxWaitMs } = this.limits;
    if ((options.timeout ?? 0) > transactionTimeoutMs) {
      throw invalidParameters(`Interactive transactions may run for at most ${transactionTimeoutMs} ms on this gateway (timeout: ${options.timeout} ms).`, { maxTimeoutMs: transactionTimeoutMs });
    }
    if ((options.maxWait ?? 0) > transactionMaxWaitMs) {
      throw invalidParameters(`A transaction may wait at most ${transactionMaxWaitMs} ms to start on this gateway (maxWait: ${options.maxWait} ms).`, { maxWaitMs: transactionMaxWaitMs });
    }
    const sticky = { [RESPONSE_HEADERS.machineHint]: this.instanceId, "Set-Cookie": this.instanceCookie };
    if (options.newTxId !== undefined) {
      // A nested $transaction: a savepoint in the same transaction, under the same id.
      const outer = this.registry.find(options.newTxId, key);
      await outer.executor.startTransaction({ ...options, newTxId: outer.innerId });
      outer.depth++;
      return sendJson(res, 200, JSON.stringify({ id: outer.id }), { ...sticky, [RESPONSE_HEADERS.transactionId]: outer.id });
    }
    const executor = await this.executorFor(key, context);
    const timeoutMs = options.timeout ?? transactionTimeoutMs;
    const innerId = await executor.startTransaction({ timeout: timeoutMs, maxWait: options.maxWait ?? transactionMaxWaitMs, isolationLevel: options.isolationLevel });
    if (key.permission === "read-only") {
      // Defence in depth: the database itself refuses writes in a read-only key's transaction.
      await executor.setReadOnly(innerId).catch(async (error: unknown) => {
        await executor.rollback(innerId).catch(() => {});
        throw error;
      });
    }
    const owner: TransactionOwner = { ...key, keyDigest: digestApiKey(bearerOf(req)) };
    const transaction = this.registry.add({ id: this.registry.newId(), innerId, owner, executor, timeoutMs, depth: 1 }, (expired) => {
      expired.active?.cancel("expired");
      this.registry.close(expired); // the TransactionManager's own timer rolls it back
    });
    this.endAtKeyExpiry(transaction, key.expiresAt ?? null);
    sendJson(res, 200, JSON.stringify({ id: transaction.id }), { ...sticky, [RESPONSE_HEADERS.transactionId]: transaction.id });
  }

  private async end(transaction: OpenTransaction, how: "commit" | "rollback"): Promise<void> {
    const nested = transaction.depth > 1;
    try {
      if (how === "commit") await transaction.executor.commit(transaction.innerId);
      else await transaction.executor.rollback(transaction.innerId);
    } finally {
      if (nested) transaction.depth--;
      else this.registry.close(transaction);
    }
  }

  /** Cancels the running statement of, and rolls back, every open transaction matching `predicate`. */
  private abandon(predicate: (transaction: OpenTransaction) => boolean, reason: CancelReason): Promise<number> {
    const chosen = this.registry.select(predicate);
    return Promise.all(
      chosen.map(async (transaction) => {
        transaction.active?.cancel(reason);
        this.registry.close(transaction);
        await transaction.executor.rollback(transaction.innerId).catch(() => {});
      }),
    ).then(() => chosen.length);
  }

  /**
   * An expiring key's transaction ends at the key's expiry instant, with no event and no request
   * needed; only an expiry before the transaction's own deadline needs a timer.
   */
  private endAtKeyExpiry(transaction: OpenTransaction, expiresAt: number | null): void {
    clearTimeout(transaction.keyExpiry);
    transaction.keyExpiry = undefined;
    if (expiresAt === null || transaction.closed) return;
    const delay = expiresAt - Date.now();
    if (delay > transaction.timeoutMs + 1_000) return;
    transaction.keyExpiry = setTimeout(() => void this.abandon((open) => open === transaction, "keyExpired"), Math.max(0, delay));
    transaction.keyExpiry.unref();
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
      for (const transaction of this.registry.select((open) => open.owner.keyId === event.keyId)) this.endAtKeyExpiry(transaction, event.expiresAt);
      return;
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

function bearerOf(req: IncomingMessage): string {
  return /^Bearer[ \t]+(\S+)/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
}
