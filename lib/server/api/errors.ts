import "server-only";
import { z } from "zod";
import { isDatabaseUnavailable, OUTAGE_RETRY_AFTER_SECONDS } from "../database-outage";
import { AppError, type AppErrorCode } from "../errors";
import { logError } from "../log";

// The Management API's error shape, `{error: {code, message, hint}}`, and the one place where an
// exception becomes an HTTP status. Anything that is not an expected failure is logged and
// answered with a generic 500, so no database or stack detail ever reaches a client; a database
// that cannot be reached is a 503 with Retry-After (logged once per outage, ../database-outage.ts).

export type ApiErrorCode = AppErrorCode | "method-not-allowed" | "rate-limit-exceeded" | "internal-error" | "service-unavailable";

export type ErrorDetail = { path: string; message: string };

export const STATUS: Record<ApiErrorCode, number> = {
  "authentication-failed": 401,
  "permission-denied": 403,
  "resource-not-found": 404,
  "method-not-allowed": 405,
  conflict: 409,
  "validation-error": 422,
  "rate-limit-exceeded": 429,
  "internal-error": 500,
  "service-unavailable": 503,
};

// Where tokens are made: the Console's Access tokens page (the "Access tokens" link next to the
// user's name, /account/tokens) for one's own, a workspace's Settings for service tokens (Admins only).
export const WHERE_TOKENS_ARE_MADE =
  "an access token on the Console's Access tokens page (/account/tokens), or a service token in a workspace's Settings";

export const AUTHENTICATION_HINT =
  `Create ${WHERE_TOKENS_ARE_MADE}, or run \`npx platform auth login\`; ` +
  "then send it as `Authorization: Bearer <token>`.";

const HINTS: Record<ApiErrorCode, string> = {
  "authentication-failed": AUTHENTICATION_HINT,
  "permission-denied": "Ask an Admin of the workspace for a role that allows this.",
  "resource-not-found": "Check the id. Objects of workspaces the token cannot see are reported as not found.",
  "method-not-allowed": "The Allow header lists the methods of this endpoint; see GET /api/v1/openapi.json.",
  conflict: "Reload the object and try again.",
  "validation-error": "Check the request against the OpenAPI document at /api/v1/openapi.json.",
  "rate-limit-exceeded": "Wait for the time given in the Retry-After header, then try again.",
  "internal-error": "Try again in a moment. If it keeps happening, contact the operator of this console.",
  "service-unavailable": "The console's database cannot be reached right now. Retry after the seconds in the Retry-After header.",
};

/** An error the API layer raises itself, with its own hint and headers (e.g. Retry-After). */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly hint: string = HINTS[code],
    readonly headers: Record<string, string> = {},
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const NO_STORE = { "Cache-Control": "no-store" } as const;

function errorBody(code: ApiErrorCode, message: string, hint: string, details?: ErrorDetail[]) {
  return { error: { code, message, hint, ...(details ? { details } : {}) } };
}

export function errorResponse(error: ApiError): Response {
  return Response.json(errorBody(error.code, error.message, error.hint, error.details), {
    status: STATUS[error.code],
    headers: { ...error.headers, ...NO_STORE },
  });
}

/** zod issues as `details`, and as one readable line in `hint` for clients that show only that. */
export function validationError(error: z.ZodError, message = "The request is not valid."): ApiError {
  const details = error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(body)",
    message: issue.message,
  }));
  const hint = details.map((detail) => `${detail.path}: ${detail.message}`).join("; ");
  return new ApiError("validation-error", message, hint, {}, details);
}

/** Any thrown value as a response: expected failures keep their message, the rest become a 500. */
export function toErrorResponse(error: unknown, context: string): Response {
  if (error instanceof ApiError) return errorResponse(error);
  if (error instanceof z.ZodError) return errorResponse(validationError(error));
  if (error instanceof AppError) {
    const details = error.fieldErrors
      ? Object.entries(error.fieldErrors).flatMap(([path, messages]) => (messages ?? []).map((message) => ({ path, message })))
      : undefined;
    return errorResponse(new ApiError(error.code, error.message, HINTS[error.code], {}, details));
  }
  // Logged either way: logError reports an outage once, not per request.
  logError(context, error);
  if (isDatabaseUnavailable(error)) {
    return errorResponse(
      new ApiError("service-unavailable", "The service is unavailable right now.", HINTS["service-unavailable"], {
        "Retry-After": String(OUTAGE_RETRY_AFTER_SECONDS),
      }),
    );
  }
  return errorResponse(new ApiError("internal-error", "Something went wrong on our side."));
}
