// Every failure of a query request as the answer a Prisma Client turns into its error: Accelerate's
// P6xxx codes for what the gateway decides (limits, versions, connections), the interpreter's own
// P2xxx for what the database or Prisma's runtime says (passed through unchanged: code, message and
// meta, exactly as Prisma's executor sends them), and P6000 for anything unexpected, whose details
// stay in the server log (its kind only; never a key, a connection string or a parameter value).
import { UserFacingError } from "@prisma/client-engine-runtime";
import { CODES, InvalidBodyError, STATUS_OF, type ErrorBody } from "./accelerate-protocol";
import { ConnectionLookupError, redact } from "./connections";

/** A failure the gateway chose, with its Accelerate code. */
export class GatewayQueryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly meta: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "GatewayQueryError";
  }
}

export const invalidParameters = (message: string, meta?: Record<string, unknown>) =>
  new GatewayQueryError(CODES.invalidParameters, message, meta);

/** The same words as the interpreter's TransactionNotFoundError, so the two cannot be told apart. */
export const TRANSACTION_NOT_FOUND_MESSAGE =
  "Transaction API error: Transaction not found. Transaction ID is invalid, refers to an old closed transaction Prisma doesn't have information about anymore, or was obtained before disconnecting.";

export const transactionNotFound = () => new GatewayQueryError(CODES.transaction, TRANSACTION_NOT_FOUND_MESSAGE);

/** Thrown when a database connection cannot be opened; `reason` is already free of secrets. */
export class ConnectionFailedError extends Error {
  constructor(
    readonly label: string,
    readonly reason: string,
    readonly host: string | null,
  ) {
    super(`Cannot connect to the resource's database (${label}): ${reason}.`);
    this.name = "ConnectionFailedError";
  }
}

const CONNECTION_ADVICE = "Check the resource's connection string in the Console (Settings → Database connection) and that the server accepts connections from this gateway.";

// The interpreter's codes for "the connection itself failed" (@prisma/client-engine-runtime,
// user-facing-error.ts): answered as Accelerate does, P6008, with the host and the cause.
const CONNECTION_CODES = new Set(["P1000", "P1001", "P1003", "P1008", "P1010", "P1011", "P1017", "P2037"]);

// node-postgres's words for a connection that died under a query; not mapped by the adapter.
const CONNECTION_LOST = /Connection terminated|Client has encountered a connection error|ECONNRESET|EPIPE/;

export type ErrorContext = { label: string; password?: string; log?: (message: string) => void };

export type ErrorAnswer = { status: number; body: ErrorBody; headers: Record<string, string> };

function answer(code: string, message: string, meta: Record<string, unknown> = {}, headers: Record<string, string> = {}): ErrorAnswer {
  return { status: STATUS_OF[code] ?? 400, body: { code, message, meta }, headers };
}

function connectionAnswer(label: string, reason: string, password?: string): ErrorAnswer {
  const message = `Cannot reach the resource's database (${label}): ${redact(reason, password)}. ${CONNECTION_ADVICE}`;
  return answer(CODES.connectionFailed, message, { database: label });
}

/** The answer for any error thrown while serving a query request. */
export function toErrorAnswer(error: unknown, context: ErrorContext): ErrorAnswer {
  if (error instanceof GatewayQueryError) return answer(error.code, error.message, error.meta, error.headers);
  if (error instanceof InvalidBodyError) return answer(CODES.invalidParameters, error.message);
  if (error instanceof ConnectionLookupError) {
    return answer(CODES.connectionFailed, "The gateway cannot read this resource's database connection right now; try again shortly.", {}, { "Retry-After": "1" });
  }
  if (error instanceof ConnectionFailedError) {
    return answer(CODES.connectionFailed, `${error.message} ${CONNECTION_ADVICE}`, { database: error.label });
  }
  if (error instanceof UserFacingError || isUserFacingShape(error)) {
    const { code, message, meta } = error as UserFacingError;
    if (CONNECTION_CODES.has(code)) return connectionAnswer(context.label, message, context.password);
    // Passed through as Prisma's executor does (server.ts): the interpreter's code, words and meta.
    return answer(code, redact(message, context.password), meta ?? {});
  }
  if (error instanceof Error && CONNECTION_LOST.test(error.message)) {
    return connectionAnswer(context.label, "the connection was closed while the query ran", context.password);
  }
  const kind = error instanceof Error ? error.name : typeof error;
  context.log?.(`unexpected error while running a query (${kind})`);
  return answer(CODES.serverError, "The gateway could not run this query because of an internal error.");
}

// A second copy of the runtime (another version of @prisma/client-engine-runtime) throws its own
// UserFacingError class; recognise the shape too.
function isUserFacingShape(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === "UserFacingError" || error.name === "TransactionManagerError" || error.name === "DataMapperError") &&
    typeof (error as { code?: unknown }).code === "string"
  );
}
