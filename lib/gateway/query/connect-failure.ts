// Why a PostgreSQL connection could not be opened, in words a user can act on (host and cause,
// never the password). Dependency-free, so the Console's "Test connection" uses the same words as
// the gateway's P6008 without loading the query runtime.
import { redact } from "./connections";

export type FailureContext = { connectionString: string; connectTimeoutMs: number; password: string | undefined };

/** Why a connection could not be opened, in words a user can act on; never the password. */
export function describeFailure(error: unknown, options: FailureContext): string {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  const text = String(message ?? error);
  if (code === "ECONNREFUSED") return "connection refused (is the server running and listening on that port?)";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "the host name could not be resolved";
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return "the host is unreachable from the gateway";
  if (code === "ETIMEDOUT" || /timeout/i.test(text)) return `no answer within ${options.connectTimeoutMs} ms`;
  if (code === "28P01") return `password authentication failed for user "${userOf(options)}" (wrong password?)`;
  if (code === "3D000") return text;
  return redact(text, options.password);
}

function userOf(options: FailureContext): string {
  return decodeURIComponent(new URL(options.connectionString).username);
}
