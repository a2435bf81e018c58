// Interactive transactions as the client sees them: our own ids, bound to the key and the resource
// that started them. The interpreter's TransactionManager keeps the database side (connection,
// timeout, savepoints); this registry decides who may reach it.
//
// - An id is `<instance name>.<32 base62 characters from the CSPRNG>` (≈190 bits): unguessable, and
//   it names the gateway process holding the transaction (GATEWAY_INSTANCE_NAME, else its random
//   id), so a load balancer can route by it and a process that receives another's id can say so,
//   naming the routing rules (tests/proofs/transaction-routing.test.ts proves each of them).
// - A lookup by another key (even of the same resource) or for another resource fails exactly like
//   an unknown id: "Transaction not found" (P2028), so ids cannot be probed.
// - Each transaction has a deadline (its timeout, at most the gateway's limit): at that moment its
//   running statement is cancelled on the database, and the TransactionManager's own timer rolls
//   it back. A request arriving later gets the interpreter's "expired transaction" error.
import { randomBase62 } from "@/lib/keys/base62";
import { CODES } from "./accelerate-protocol";
import { GatewayQueryError, transactionNotFound } from "./errors";
import type { ResourceExecutor } from "./executor";
import type { RequestScope } from "./statements";

export type TransactionOwner = { keyId: string; resourceId: string; projectId?: string; keyDigest: string };

export type OpenTransaction = {
  id: string;
  /** The TransactionManager's id of it. */
  innerId: string;
  owner: TransactionOwner;
  executor: ResourceExecutor;
  timeoutMs: number;
  /** 1, plus one per nested $transaction (a savepoint) still open. */
  depth: number;
  deadline: NodeJS.Timeout;
  /** Set when the key expires before the transaction's own deadline: the transaction ends then. */
  keyExpiry?: NodeJS.Timeout;
  /** The request running on it now, whose statement the deadline (or a revocation) cancels. */
  active: RequestScope | null;
  closed: boolean;
};

const ID_PATTERN = /^([A-Za-z0-9_-]{1,64})\.([0-9A-Za-z]{32})$/;
// Closed transactions remembered, so a late request gets the interpreter's precise message
// ("already committed", "expired") instead of "not found"; as many as Prisma's manager keeps.
const CLOSED_REMEMBERED = 100;
const DEADLINE_GRACE_MS = 25;

export class TransactionRegistry {
  private readonly open = new Map<string, OpenTransaction>();
  private readonly closed = new Map<string, OpenTransaction>();

  constructor(readonly instanceId: string) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(instanceId)) throw new Error("A gateway instance id is 1–64 characters of A–Z, a–z, 0–9, _ and -.");
  }

  get size(): number {
    return this.open.size;
  }

  newId(): string {
    return `${this.instanceId}.${randomBase62(32)}`;
  }

  add(entry: Omit<OpenTransaction, "deadline" | "active" | "closed">, onDeadline: (entry: OpenTransaction) => void): OpenTransaction {
    // A little after the TransactionManager's own timer (started just before this), so the manager
    // has marked it expired when this fires and cancels the statement holding up its rollback.
    const transaction: OpenTransaction = { ...entry, active: null, closed: false, deadline: setTimeout(() => onDeadline(transaction), entry.timeoutMs + DEADLINE_GRACE_MS) };
    transaction.deadline.unref();
    this.open.set(transaction.id, transaction);
    return transaction;
  }

  /**
   * The transaction `id` names, if `owner`'s key and resource started it (open or recently closed).
   * An id of another gateway process is answered with where it lives and how to route to it.
   */
  find(id: string, owner: Pick<TransactionOwner, "keyId" | "resourceId">): OpenTransaction {
    const transaction = this.open.get(id) ?? this.closed.get(id);
    if (transaction && transaction.owner.keyId === owner.keyId && transaction.owner.resourceId === owner.resourceId) return transaction;
    const elsewhere = ID_PATTERN.exec(id)?.[1];
    if (!transaction && elsewhere !== undefined && elsewhere !== this.instanceId) {
      throw new GatewayQueryError(
        CODES.transaction,
        `Transaction API error: Transaction not found on this gateway process (${this.instanceId}): it was started on ${elsewhere}. ` +
          "With several gateway processes the load balancer must send a transaction's requests to the process holding it: " +
          `route /transaction/<name>.… to the process named <name> (here ${elsewhere}), or route on the gateway_instance cookie, ` +
          "or use the load balancer's own sticky-session cookie (Prisma Client sends back the cookies it receives). See the README, \"Several gateway processes\".",
        { instanceId: this.instanceId, transactionInstanceId: elsewhere },
      );
    }
    throw transactionNotFound();
  }

  /** Marks a transaction closed (committed, rolled back, expired); it stays findable for a while. */
  close(transaction: OpenTransaction): void {
    if (transaction.closed) return;
    transaction.closed = true;
    clearTimeout(transaction.deadline);
    clearTimeout(transaction.keyExpiry);
    this.open.delete(transaction.id);
    this.closed.set(transaction.id, transaction);
    if (this.closed.size > CLOSED_REMEMBERED) this.closed.delete(this.closed.keys().next().value!);
  }

  /** Open transactions matching a predicate (of a key, a resource, a project, an executor). */
  select(predicate: (transaction: OpenTransaction) => boolean): OpenTransaction[] {
    return [...this.open.values()].filter(predicate);
  }

  countFor(executor: ResourceExecutor): number {
    let count = 0;
    for (const transaction of this.open.values()) if (transaction.executor === executor) count++;
    return count;
  }
}
