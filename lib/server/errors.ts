import "server-only";
import type { FieldErrors } from "@/lib/schemas/common";

// Expected failures carry a code and a message meant for the user. The codes are the Management
// API's, so the REST layer maps them to HTTP statuses one-to-one.
export type AppErrorCode =
  | "authentication-failed"
  | "permission-denied"
  | "resource-not-found"
  | "validation-error"
  | "conflict"
  | "rate-limit-exceeded";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what = "That item") =>
  new AppError("resource-not-found", `${what} was not found, or you do not have access to it.`);

export const forbidden = (message = "Your role in this workspace does not allow this.") =>
  new AppError("permission-denied", message);

export const unauthenticated = () => new AppError("authentication-failed", "Your session has ended. Sign in again.");
