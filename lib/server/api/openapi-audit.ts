import "server-only";
import { AUDIT_ACTION_NAMES, AUDIT_OBJECT_TYPE_NAMES } from "@/lib/schemas/audit-actions";

// The audit log's filters as OpenAPI query parameters: the same names and rules as the shared
// filter schema (lib/schemas/audit-log.ts), which is what the server applies.

const instant = (what: string) =>
  `${what}: a date (\`2026-12-01\`, a whole day in UTC) or an ISO 8601 date-time with an offset (\`2026-12-01T12:00:00Z\`).`;

export const AUDIT_QUERY_PARAMETERS = [
  {
    name: "actor",
    in: "query",
    required: false,
    description: "Who acted: a user id (`usr_…`; also matches the service tokens that user created), a token id (`tok_…`) or an email address.",
    schema: { type: "string", minLength: 1, maxLength: 254 },
  },
  { name: "action", in: "query", required: false, description: "One action.", schema: { type: "string", enum: AUDIT_ACTION_NAMES } },
  { name: "objectType", in: "query", required: false, description: "One type of object.", schema: { type: "string", enum: AUDIT_OBJECT_TYPE_NAMES } },
  { name: "objectId", in: "query", required: false, description: "One object, by id (a member's: the user id).", schema: { type: "string" } },
  { name: "from", in: "query", required: false, description: instant("From this instant on (inclusive)"), schema: { type: "string" } },
  { name: "to", in: "query", required: false, description: instant("Before this instant (a date: up to the end of that day)"), schema: { type: "string" } },
];

export const AUDIT_LOG_DESCRIPTION =
  "Who did what to which object, when, from where (client address, user agent) and through which path (`console`, `rest`, " +
  "`cli`, `system`). Append-only: the database refuses to change or delete entries, except the retention sweep " +
  "(AUDIT_LOG_RETENTION_DAYS, default 365). `api_key.expired` entries are written by the system after the instant (at most a " +
  "minute later, and before any read of the log), dated at the instant. A Developer, Viewer or service token gets 403. Never " +
  "holds a secret: a token's or key's value, a password or a connection string.";
