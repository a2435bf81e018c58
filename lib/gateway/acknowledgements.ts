// The writer's side of a key event: which instances acknowledged it, and the wait until every
// instance that may be caching has either acknowledged or can no longer be serving from its cache.
//
// The rule (see ./lease.ts for why it holds): after the commit, the writer lists the unexpired
// leases (./instances.ts) and waits for each instance's acknowledgement, or until its lease is over,
// whichever comes first, but never less than L for a silent instance: a heartbeat the instance
// received just before the commit may still renew its row after our read, and the lease that heartbeat
// grants ends at most L after it was sent, so L after the commit. A DELETE therefore never returns while
// an instance that did not hear it may still answer from its cache, and waits at most ~L for one.
import { KEY_LEASE_MS } from "./lease";

const ACK_MEMORY_MS = 30_000;

export type AwaitedInstance = { id: string; remainingMs: number };

export class Acknowledgements {
  /** eventId → instances that acknowledged it, and when the first acknowledgement came. */
  private readonly acks = new Map<string, { at: number; from: Set<string> }>();
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly leaseMs = KEY_LEASE_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  record(eventId: string, instanceId: string): void {
    const cutoff = this.now() - ACK_MEMORY_MS;
    for (const [id, entry] of this.acks) {
      if (entry.at >= cutoff) break;
      this.acks.delete(id);
    }
    const entry = this.acks.get(eventId) ?? { at: this.now(), from: new Set<string>() };
    entry.from.add(instanceId);
    this.acks.set(eventId, entry);
    for (const wake of this.wakers) wake();
  }

  has(eventId: string, instanceId: string): boolean {
    return this.acks.get(eventId)?.from.has(instanceId) ?? false;
  }

  /**
   * Resolves once each instance acknowledged `eventId` or its deadline (max(remaining lease, L) from
   * now) passed. Returns the instances whose deadline it had to wait out.
   */
  waitFor(eventId: string, instances: AwaitedInstance[]): Promise<string[]> {
    const start = this.now();
    const deadlines = new Map(instances.map((instance) => [instance.id, start + Math.max(instance.remainingMs, this.leaseMs)]));
    const waitedOut: string[] = [];
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | null = null;
      const check = () => {
        const now = this.now();
        for (const [id, deadline] of deadlines) {
          if (this.has(eventId, id)) deadlines.delete(id);
          else if (now >= deadline) {
            deadlines.delete(id);
            waitedOut.push(id);
          }
        }
        if (timer) clearTimeout(timer);
        if (deadlines.size === 0) {
          this.wakers.delete(check);
          return resolve(waitedOut);
        }
        timer = setTimeout(check, Math.max(1, Math.min(...deadlines.values()) - now));
      };
      this.wakers.add(check);
      check();
    });
  }
}
