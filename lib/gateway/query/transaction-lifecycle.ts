// Starting and ending interactive transactions (POST /transaction/start, …/commit, …/rollback),
// abandoning them (a revoked key, a deleted resource, shutdown) and the key-expiry timers that end
// an expiring key's transactions at its expiry instant. The registry (./transactions.ts) decides
// who may reach a transaction; this is what happens to it.
import type { IncomingMessage } from "node:http";
import { digestApiKey } from "@/lib/keys/api-key";
import { parseTransactionStartBody } from "./accelerate-protocol";
import { invalidParameters } from "./errors";
import type { ResourceExecutor } from "./executor";
import type { QueryLimits } from "./limits";
import type { CancelReason } from "./statements";
import type { TransactionRegistry, OpenTransaction, TransactionOwner } from "./transactions";
import type { VerifiedKey } from "./engine";

export class TransactionLifecycle {
  constructor(
    private readonly registry: TransactionRegistry,
    private readonly limits: QueryLimits,
  ) {}

  /** A new transaction (or a savepoint in an open one, under its id); returns the client's id. */
  async start(req: IncomingMessage, key: VerifiedKey, text: string, executorFor: () => Promise<ResourceExecutor>): Promise<string> {
    const options = parseTransactionStartBody(text);
    const { transactionTimeoutMs, transactionMaxWaitMs } = this.limits;
    if ((options.timeout ?? 0) > transactionTimeoutMs) {
      throw invalidParameters(`Interactive transactions may run for at most ${transactionTimeoutMs} ms on this gateway (timeout: ${options.timeout} ms).`, { maxTimeoutMs: transactionTimeoutMs });
    }
    if ((options.maxWait ?? 0) > transactionMaxWaitMs) {
      throw invalidParameters(`A transaction may wait at most ${transactionMaxWaitMs} ms to start on this gateway (maxWait: ${options.maxWait} ms).`, { maxWaitMs: transactionMaxWaitMs });
    }
    if (options.newTxId !== undefined) {
      // A nested $transaction: a savepoint in the same transaction, under the same id.
      const outer = this.registry.find(options.newTxId, key);
      await outer.executor.startTransaction({ ...options, newTxId: outer.innerId });
      outer.depth++;
      return outer.id;
    }
    const executor = await executorFor();
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
    return transaction.id;
  }

  async end(transaction: OpenTransaction, how: "commit" | "rollback"): Promise<void> {
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
  abandon(predicate: (transaction: OpenTransaction) => boolean, reason: CancelReason): Promise<number> {
    const chosen = this.registry.select(predicate);
    return Promise.all(
      chosen.map(async (transaction) => {
        transaction.active?.cancel(reason);
        this.registry.close(transaction);
        await transaction.executor.rollback(transaction.innerId).catch(() => {});
      }),
    ).then(() => chosen.length);
  }

  /** A roll moved a key's expiry: its open transactions end at the new instant. */
  moveKeyExpiry(keyId: string, expiresAt: number | null): void {
    for (const transaction of this.registry.select((open) => open.owner.keyId === keyId)) this.endAtKeyExpiry(transaction, expiresAt);
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
}

export function bearerOf(req: IncomingMessage): string {
  return /^Bearer[ \t]+(\S+)/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
}
