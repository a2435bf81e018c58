// The executors (one pg pool each) of the resources this process serves: opened on a resource's first
// request, replaced when its connection changes, closed after `poolIdleMs` without requests or open
// transactions, and at most `maxPools` at once: one more closes the least recently used idle one,
// and when none is idle the request is refused (P5011, retry shortly) rather than exceeding the cap.
import { CODES } from "./accelerate-protocol";
import { fingerprintOf, type ConnectionTarget } from "./connections";
import { GatewayQueryError } from "./errors";
import { ResourceExecutor, type ExecutorOptions } from "./executor";

export type ExecutorRegistryOptions = ExecutorOptions & {
  /** Whether an executor still has open transactions (those are never closed for idleness). */
  hasTransactions: (executor: ResourceExecutor) => boolean;
  /** Called before an executor is closed because its connection changed or it was evicted. */
  onRetire?: (executor: ResourceExecutor) => void;
};

export class ExecutorRegistry {
  // Map order is recency order: a use moves the entry to the end.
  private readonly executors = new Map<string, ResourceExecutor>();
  private readonly opening = new Map<string, Promise<ResourceExecutor>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: ExecutorRegistryOptions) {
    this.sweeper = setInterval(() => void this.closeIdle(), Math.max(1_000, Math.floor(options.limits.poolIdleMs / 2)));
    this.sweeper.unref();
  }

  get size(): number {
    return this.executors.size;
  }

  /** The executor for a resource's current connection target, opening (or replacing) it as needed. */
  async acquire(resourceId: string, target: ConnectionTarget): Promise<ResourceExecutor> {
    const fingerprint = fingerprintOf(target);
    const current = this.executors.get(resourceId);
    if (current && current.fingerprint === fingerprint) {
      this.executors.delete(resourceId);
      this.executors.set(resourceId, current);
      return current;
    }
    if (current) await this.retire(current);
    const key = `${resourceId}\n${fingerprint}`;
    let opening = this.opening.get(key);
    if (!opening) {
      opening = this.open(resourceId, fingerprint, target).finally(() => this.opening.delete(key));
      this.opening.set(key, opening);
    }
    return opening;
  }

  private async open(resourceId: string, fingerprint: string, target: ConnectionTarget): Promise<ResourceExecutor> {
    // Pools being opened count too (this one is not among them yet).
    if (this.executors.size + this.opening.size >= this.options.limits.maxPools && !(await this.evictOne())) {
      throw new GatewayQueryError(
        CODES.tooManyRequests,
        `This gateway process already serves ${this.options.limits.maxPools} databases with queries in flight; try again in a moment.`,
        {},
        { "Retry-After": "1" },
      );
    }
    const executor = await ResourceExecutor.open(resourceId, fingerprint, target, this.options);
    this.executors.set(resourceId, executor);
    return executor;
  }

  private idle(executor: ResourceExecutor): boolean {
    return executor.inFlight === 0 && !this.options.hasTransactions(executor);
  }

  private async evictOne(): Promise<boolean> {
    for (const executor of this.executors.values()) {
      if (this.idle(executor)) {
        await this.retire(executor);
        return true;
      }
    }
    return false;
  }

  /** Closes a resource's executor (its connection changed or was removed; the resource was deleted). */
  async forget(resourceId: string): Promise<void> {
    const executor = this.executors.get(resourceId);
    if (executor) await this.retire(executor);
  }

  private async retire(executor: ResourceExecutor): Promise<void> {
    if (this.executors.get(executor.resourceId) === executor) this.executors.delete(executor.resourceId);
    this.options.onRetire?.(executor);
    await executor.close();
  }

  async closeIdle(now = Date.now()): Promise<number> {
    const stale = [...this.executors.values()].filter(
      (executor) => this.idle(executor) && now - executor.lastUsedAt >= this.options.limits.poolIdleMs,
    );
    await Promise.all(stale.map((executor) => this.retire(executor)));
    return stale.length;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.executors.values()].map((executor) => this.retire(executor)));
  }
}
