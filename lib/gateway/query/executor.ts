// One resource's executor: the driver adapter over its database, Prisma's TransactionManager and
// QueryInterpreter (@prisma/client-engine-runtime, the classes Prisma's own query plan executor
// wraps), arranged as Prisma Client's LocalExecutor arranges them for a direct connection.
import {
  noopTracingHelper,
  normalizeJsonProtocolValues,
  QueryInterpreter,
  TransactionManager,
  type QueryPlanNode,
  type TransactionOptions,
} from "@prisma/client-engine-runtime";
import type { ConnectionInfo, SqlDriverAdapter, SqlQueryable } from "@prisma/driver-adapter-utils";
import type { QueryBody } from "./accelerate-protocol";
import { describeTarget, normalizePostgresUrl, passwordOf, type ConnectionTarget } from "./connections";
import { ConnectionFailedError } from "./errors";
import { checkHost, type HostAllowlist } from "./host-allowlist";
import type { QueryLimits } from "./limits";
import { ResourcePool } from "./pg-pool";
import { scopedQueryable, scopedTransactionManager, type RequestScope } from "./statements";

export type ExecutorOptions = { limits: QueryLimits; allowlist: HostAllowlist | null };

export class ResourceExecutor {
  /** Requests running on it now; an executor with any is never closed for idleness. */
  inFlight = 0;
  lastUsedAt = Date.now();
  private readonly interpreter: QueryInterpreter;
  private readonly transactions: TransactionManager;
  private readonly info: ConnectionInfo;

  private constructor(
    readonly resourceId: string,
    readonly fingerprint: string,
    readonly label: string,
    readonly password: string | undefined,
    private readonly adapter: SqlDriverAdapter,
    private readonly pool: ResourcePool | null,
    private readonly limits: QueryLimits,
  ) {
    this.info = adapter.getConnectionInfo?.() ?? { supportsRelationJoins: false };
    this.transactions = new TransactionManager({
      driverAdapter: adapter,
      transactionOptions: { timeout: limits.transactionTimeoutMs, maxWait: limits.transactionMaxWaitMs },
      tracingHelper: noopTracingHelper,
      provider: "postgres",
    });
    this.interpreter = QueryInterpreter.forSql({ tracingHelper: noopTracingHelper, provider: "postgres", connectionInfo: this.info });
  }

  /** Opens no connection yet: the first query does (and reports P6008 if it cannot). */
  static async open(resourceId: string, fingerprint: string, target: ConnectionTarget, options: ExecutorOptions): Promise<ResourceExecutor> {
    const { label } = describeTarget(target);
    const password = passwordOf(target);
    if (target.kind === "pglite") {
      const { PrismaPGlite } = await import("pglite-prisma-adapter");
      const adapter = (await new PrismaPGlite(target.pglite).connect()) as unknown as SqlDriverAdapter;
      return new ResourceExecutor(resourceId, fingerprint, label, undefined, adapter, null, options.limits);
    }
    const { connectionString, schema } = normalizePostgresUrl(target.url);
    const host = new URL(connectionString).hostname.replace(/^\[|\]$/g, "");
    const decision = await checkHost(options.allowlist, host);
    if (!decision.allowed) throw new ConnectionFailedError(label, decision.reason, host);
    const pool = new ResourcePool({
      connectionString,
      label,
      host,
      password,
      size: options.limits.poolSize,
      connectTimeoutMs: options.limits.connectTimeoutMs,
      peerAllowlist: decision.checkPeer ? options.allowlist : null,
    });
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const adapter = (await new PrismaPg(pool, { schema }).connect()) as unknown as SqlDriverAdapter;
    return new ResourceExecutor(resourceId, fingerprint, label, password, adapter, pool, options.limits);
  }

  /** GET /connection-info: what the client's query compiler needs to know about the database. */
  connectionInfo(): { provider: string; connectionInfo: ConnectionInfo } {
    return { provider: this.adapter.provider, connectionInfo: this.info };
  }

  /**
   * Runs a plan, in a transaction (the interpreter's id) or not; every statement belongs to `scope`
   * (./statements.ts), which a timeout cancels. Values come back JSON-ready.
   */
  async run(body: QueryBody, transactionId: string | null, scope: RequestScope): Promise<unknown> {
    const queryable: SqlQueryable =
      transactionId === null ? this.adapter : await this.transactions.getTransaction({ id: transactionId }, "query");
    const comments = body.comments && Object.keys(body.comments).length > 0 ? body.comments : undefined;
    const result = await this.interpreter.run(body.plan as unknown as QueryPlanNode, {
      queryable: scopedQueryable(queryable, scope),
      transactionManager: transactionId === null ? { enabled: true, manager: scopedTransactionManager(this.transactions, scope) } : { enabled: false },
      scope: body.params,
      // Comments the client computed (its SQL commenter plugins), applied as Prisma's executor does.
      sqlCommenter: comments && { plugins: [() => comments], queryInfo: { type: "single", action: "queryRaw", query: {} } },
    });
    return normalizeJsonProtocolValues(result);
  }

  /** Makes an open transaction READ ONLY at the database (before its first query). */
  async setReadOnly(transactionId: string): Promise<void> {
    const transaction = await this.transactions.getTransaction({ id: transactionId }, "query");
    await transaction.executeRaw({ sql: "SET TRANSACTION READ ONLY", args: [], argTypes: [] });
  }

  /** Runs a plan in a READ ONLY transaction of its own (raw SQL of a read-only key). */
  async runReadOnly(body: QueryBody, scope: RequestScope): Promise<unknown> {
    const id = await this.startTransaction({ timeout: this.limits.queryTimeoutMs, maxWait: this.limits.transactionMaxWaitMs });
    try {
      await this.setReadOnly(id);
      const result = await this.run(body, id, scope);
      await this.commit(id);
      return result;
    } catch (error) {
      await this.rollback(id).catch(() => {});
      throw error;
    }
  }

  async startTransaction(options: TransactionOptions): Promise<string> {
    return (await this.transactions.startTransaction(options)).id;
  }

  commit(transactionId: string): Promise<void> {
    return this.transactions.commitTransaction(transactionId);
  }

  rollback(transactionId: string): Promise<void> {
    return this.transactions.rollbackTransaction(transactionId);
  }

  /** Rolls back every open transaction, then closes the pool (its connections end). */
  async close(): Promise<void> {
    try {
      await this.transactions.cancelAllTransactions();
    } finally {
      await this.adapter.dispose().catch(() => {});
      await this.pool?.end().catch(() => {});
    }
  }
}
