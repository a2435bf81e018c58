// A request's deadline: its statements run in a RequestScope that the query timeout (or a
// revocation, an expiry, a shutdown) cancels on the database; a cancelled scope answers at once
// with the reason's error instead of waiting for the statement.
import { CODES } from "./accelerate-protocol";
import { GatewayQueryError } from "./errors";
import type { ResourceExecutor } from "./executor";
import type { QueryLimits } from "./limits";
import { RequestScope, type CancelReason } from "./statements";
import type { OpenTransaction } from "./transactions";

export const CANCELLED: Record<CancelReason, (limits: QueryLimits) => GatewayQueryError> = {
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

/** Runs work in a request scope with the query deadline; a cancelled scope answers at once. */
export async function withDeadline<T>(
  limits: QueryLimits,
  executor: ResourceExecutor,
  transaction: OpenTransaction | null,
  work: (scope: RequestScope) => Promise<T>,
): Promise<T> {
  let abort!: (error: Error) => void;
  const aborted = new Promise<never>((_, reject) => (abort = reject));
  const scope = new RequestScope((reason) => abort(CANCELLED[reason](limits)));
  const timer = setTimeout(() => scope.cancel("timeout"), limits.queryTimeoutMs);
  if (transaction) transaction.active = scope;
  executor.inFlight++;
  const running = work(scope);
  running.catch(() => {}); // answered by `aborted` if cancelled; the statement's own error comes later
  try {
    return await Promise.race([running, aborted]);
  } catch (error) {
    throw scope.cancelled ? CANCELLED[scope.cancelled](limits) : error;
  } finally {
    clearTimeout(timer);
    executor.inFlight--;
    executor.lastUsedAt = Date.now();
    if (transaction?.active === scope) transaction.active = null;
  }
}
