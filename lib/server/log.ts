import "server-only";
import { isDatabaseUnavailable, reportDatabaseUnavailable } from "./database-outage";

// Server-side logging. Callers pass errors, never inputs: an input may hold a secret. Prisma error
// messages can quote query parameters, so only the error's class and code are logged for those.
// A database outage is not logged per request: ./database-outage.ts logs one line when it starts
// and one when it ends.
export function logError(context: string, error: unknown): void {
  if (isDatabaseUnavailable(error)) return reportDatabaseUnavailable(context, error);
  const detail =
    error instanceof Error
      ? `${error.name}${"code" in error && typeof error.code === "string" ? ` ${error.code}` : ""}${
          error.name.startsWith("Prisma") ? "" : `: ${error.message}`
        }`
      : typeof error;
  console.error(`[platform-console] ${context}: ${detail}`);
}
