// The heartbeat lease: how long a verifier may keep answering from its cache without proof that
// its LISTEN connection still delivers key events. Pure logic over a monotonic clock (tests pass a
// fake one); ./listener.ts sends the heartbeats and ./verifier.ts asks `valid` on every cache use.
//
// Why a heartbeat proves anything: PostgreSQL delivers notifications to a listener in commit order.
// A heartbeat sent (through another connection) at local time s is committed after s, so when it
// comes back on the LISTEN connection, every key event committed before s has already been applied.
// The cache may therefore serve until s + L and no longer: an event committed after s that never
// arrives (a stalled proxy, a half-open TCP connection) is honoured at the latest L after its commit,
// which is exactly how long a writer waits for an instance that does not acknowledge it.
//
// The lease is granted only once the instance's row in "GatewayInstance" has been renewed for it
// (see ./instances.ts), so a writer that reads the registry never misses an instance that is
// serving from a lease.

/** L: how long one heartbeat lets the cache serve, and the longest a writer waits for a silent instance. */
export const KEY_LEASE_MS = 1_000;
/** How often a listening instance sends a heartbeat: five per lease, so one lost heartbeat costs nothing. */
export const HEARTBEAT_INTERVAL_MS = 200;

/** A heartbeat that came back: when it was sent, on which connection (see `reset`). */
export type HeartbeatTicket = { sentAt: number; epoch: number };

export class HeartbeatLease {
  private until = Number.NEGATIVE_INFINITY;
  private sequence = 0;
  private epoch = 0;
  /** Heartbeats in flight: sequence number → local send time. */
  private readonly sent = new Map<number, number>();

  constructor(
    readonly leaseMs: number = KEY_LEASE_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Whether the cache may be used now: a synchronous clock compare, for the hot path. */
  get valid(): boolean {
    return this.now() < this.until;
  }

  /** Numbers a heartbeat about to be sent and remembers when it was sent. */
  send(): number {
    const sequence = ++this.sequence;
    const sentAt = this.now();
    this.sent.set(sequence, sentAt);
    // A heartbeat older than a lease could not extend one any more: forget it.
    for (const [old, at] of this.sent) {
      if (at > sentAt - this.leaseMs) break;
      this.sent.delete(old);
    }
    return sequence;
  }

  /** One of our heartbeats came back on the LISTEN connection; null if unknown or too old. */
  received(sequence: number): HeartbeatTicket | null {
    const sentAt = this.sent.get(sequence);
    if (sentAt === undefined || sentAt <= this.now() - this.leaseMs) return null;
    // Earlier heartbeats are superseded by this one: delivery is in order.
    for (const old of this.sent.keys()) {
      this.sent.delete(old);
      if (old === sequence) break;
    }
    return { sentAt, epoch: this.epoch };
  }

  /**
   * Extends the lease to `sentAt + L` once the registry row covers it. Returns true when this opens
   * a lease that had run out (the caller then re-enables caching, which starts from an empty cache).
   */
  grant(ticket: HeartbeatTicket): boolean {
    if (ticket.epoch !== this.epoch) return false; // from a connection that has since been dropped
    const wasValid = this.valid;
    this.until = Math.max(this.until, ticket.sentAt + this.leaseMs);
    return !wasValid && this.valid;
  }

  /** The LISTEN connection is gone: the lease ends now, and heartbeats sent on its watch are void. */
  reset(): void {
    this.epoch++;
    this.until = Number.NEGATIVE_INFINITY;
    this.sent.clear();
  }
}
