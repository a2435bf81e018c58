// The Accelerate wire protocol as Prisma Client 7 speaks it with `accelerateUrl`: paths, headers,
// bodies and error codes, in one place. Read in Prisma's source at the versions we serve:
// - @prisma/client 7.10.0, packages/client/src/runtime/core/engines/client/RemoteExecutor.ts (the
//   request side, the error parsing, the cookie jar and the `Accelerate-Query-Engine-Jwt` echo) and
//   engines/accelerate/HeaderBuilder.ts (headers), from the sources in its published source map;
// - @prisma/query-plan-executor 7.10.0, src/server/server.ts and src/server/schemas.ts (the answers
//   and body schemas of Prisma's own executor), src/logic/app.ts (how it runs a plan);
// - Prisma's error reference (https://www.prisma.io/docs/orm/reference/error-reference, P6xxx).
//
// What the client does with an answer: any non-2xx is an error; the code is the `Prisma-Error-Code`
// header, overridden by `body.code` (default P6000); the message is `body.error`, else
// `body.message`; `err.meta` is `body.meta` (else the whole body). It never retries.

export const PATHS = {
  connectionInfo: "/connection-info",
  query: "/query",
  transactionStart: "/transaction/start",
} as const;

/** `/transaction/{id}/query|commit|rollback`; the id is ours (see ./transactions.ts). */
export const TRANSACTION_PATH = /^\/transaction\/([^/]{1,200})\/(query|commit|rollback)$/;

/** Whether the router should hand a path to the query engine (after verifying the key). */
export function isAcceleratePath(path: string): boolean {
  return (
    path === PATHS.connectionInfo ||
    path === PATHS.query ||
    path === "/invalidate" || // `$accelerate.invalidate` (./cache)
    path.startsWith("/transaction/") ||
    // Prisma Client 6 and older: answered P6006 by the engine (see ./versions.ts).
    /^\/\d+\.\d+\.\d+[0-9A-Za-z.-]*\/[0-9a-f]{40}\//.test(path)
  );
}

/** Request headers (node:http lower-cases names). */
export const REQUEST_HEADERS = {
  /** The client's version, e.g. "7.10.1": HeaderBuilder sends `engineHash: clientVersion`. */
  engineHash: "prisma-engine-hash",
  /** The engines commit its runtime was built with (`@prisma/engines-version`). */
  engineVersion: "prisma-engine-version",
  /** Echo of the last response's `Accelerate-Query-Engine-Jwt` (the client's "machine hint"). */
  machineHint: "accelerate-query-engine-jwt",
} as const;

/**
 * Headers Prisma's executor reads to relax its limits per request. Our limits are the gateway's,
 * never the client's: these are ignored (nothing here reads them), listed so tests can prove it.
 */
export const IGNORED_LIMIT_HEADERS = ["x-query-timeout", "x-max-transaction-timeout", "x-max-response-size"] as const;

export const RESPONSE_HEADERS = {
  errorCode: "Prisma-Error-Code",
  /** The client keeps the last value it saw and sends it back on its next request. */
  machineHint: "Accelerate-Query-Engine-Jwt",
  /** What Prisma's executor sets on /transaction/start. */
  transactionId: "Prisma-Transaction-Id",
} as const;

/** Accelerate's own codes (P6xxx, P5011) and the transaction code the interpreter uses (P2028). */
export const CODES = {
  serverError: "P6000",
  invalidKey: "P6002",
  timeout: "P6004",
  invalidParameters: "P6005",
  unsupportedVersion: "P6006",
  connectionFailed: "P6008",
  responseTooLarge: "P6009",
  /** Accelerate: "the project is disabled"; here: the resource has no database connection. */
  noConnection: "P6010",
  /** Ours (Accelerate has no such code): a read-only key sent a write; nothing reached the database. */
  readOnlyKey: "P6011",
  tooManyRequests: "P5011",
  transaction: "P2028",
} as const;

/** HTTP statuses per code; the client only looks at "not 2xx", operators look at the status. */
export const STATUS_OF: Record<string, number> = {
  P6000: 500,
  P6002: 401,
  P6004: 504,
  P6005: 400,
  P6006: 400,
  P6008: 503,
  P6009: 502,
  P6010: 409,
  P6011: 403,
  P5011: 429,
  P2028: 409,
};

/** An error answer. `message` is what the client shows; `meta` becomes `err.meta`. */
export type ErrorBody = { code: string; message: string; meta: Record<string, unknown> };

/** POST /query and /transaction/{id}/query (QPE's QueryRequestBody). */
export type QueryBody = {
  model?: string;
  operation: string;
  plan: Record<string, unknown>;
  params: Record<string, unknown>;
  comments?: Record<string, string>;
};

export const ISOLATION_LEVELS = ["READ UNCOMMITTED", "READ COMMITTED", "REPEATABLE READ", "SNAPSHOT", "SERIALIZABLE"] as const;

/** POST /transaction/start (QPE's TransactionStartRequestBody). `newTxId` nests (savepoints). */
export type TransactionStartBody = {
  timeout?: number;
  maxWait?: number;
  isolationLevel?: (typeof ISOLATION_LEVELS)[number];
  newTxId?: string;
};

/** Thrown for a body that is not what the protocol says; answered P6005. */
export class InvalidBodyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidBodyError";
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function parseJson(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidBodyError("The request body is not JSON.");
  }
  if (!isRecord(value)) throw new InvalidBodyError("The request body must be a JSON object.");
  return value;
}

const optionalString = (value: unknown) => value === undefined || (typeof value === "string" && value.length > 0);

/** Checks a query body by hand (no schema library on the hot path); the plan is the interpreter's to judge. */
export function parseQueryBody(text: string): QueryBody {
  const body = parseJson(text);
  if (typeof body.operation !== "string" || body.operation === "") throw new InvalidBodyError("`operation` must be a non-empty string.");
  if (!optionalString(body.model)) throw new InvalidBodyError("`model` must be a non-empty string when given.");
  if (!isRecord(body.plan)) throw new InvalidBodyError("`plan` must be an object (a query plan compiled by Prisma Client).");
  if (!isRecord(body.params)) throw new InvalidBodyError("`params` must be an object.");
  if (body.comments !== undefined) {
    if (!isRecord(body.comments) || Object.values(body.comments).some((value) => typeof value !== "string")) {
      throw new InvalidBodyError("`comments` must map names to strings.");
    }
  }
  return body as QueryBody;
}

const optionalPositive = (value: unknown) => value === undefined || (typeof value === "number" && Number.isFinite(value) && value > 0);

export function parseTransactionStartBody(text: string): TransactionStartBody {
  const body = parseJson(text.trim() === "" ? "{}" : text);
  if (!optionalPositive(body.timeout)) throw new InvalidBodyError("`timeout` must be a positive number of milliseconds.");
  if (!optionalPositive(body.maxWait)) throw new InvalidBodyError("`maxWait` must be a positive number of milliseconds.");
  if (body.isolationLevel !== undefined && !ISOLATION_LEVELS.includes(body.isolationLevel as never)) {
    throw new InvalidBodyError(`\`isolationLevel\` must be one of ${ISOLATION_LEVELS.join(", ")}.`);
  }
  if (!optionalString(body.newTxId)) throw new InvalidBodyError("`newTxId` must be a transaction id.");
  return body as TransactionStartBody;
}
