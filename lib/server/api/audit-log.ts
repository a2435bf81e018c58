import "server-only";
import { auditLogFilterSchema, AUDIT_FILTER_KEYS, type AuditLogFilterInput } from "@/lib/schemas/audit-log";
import { validationError } from "./errors";

/**
 * The audit log's query parameters (the shared filter schema's keys), checked here so that a bad
 * one is a 422 naming it before anything is read. A parameter given twice counts once (its first).
 */
export function readAuditFilter(request: Request): AuditLogFilterInput {
  const query = new URL(request.url).searchParams;
  const input: Record<string, string> = {};
  for (const key of AUDIT_FILTER_KEYS) {
    const value = query.get(key);
    if (value !== null) input[key] = value;
  }
  const parsed = auditLogFilterSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, "The query parameters are not valid.");
  return input as AuditLogFilterInput;
}
