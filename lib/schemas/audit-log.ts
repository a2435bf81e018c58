import { z } from "zod";
import {
  AUDIT_ACTION_NAMES,
  AUDIT_OBJECT_TYPE_NAMES,
  AUDIT_PAGE_SIZE_DEFAULT,
  AUDIT_PAGE_SIZE_MAX,
} from "@/lib/schemas/audit-actions";
import { ID_PREFIXES, idPattern, type IdKind } from "@/lib/ids";
import { cursorPattern } from "./common";

// The audit log's filters, one schema for the Console's page (its query string), the REST list
// (GET /workspaces/{id}/audit-log) and the CLI (`platform audit show`): every value arrives as a
// string. A parameter that is present must be valid (an empty one is refused, as in the other
// lists); the Console's form leaves empty fields out before parsing.

const ALL_ID_KINDS = Object.keys(ID_PREFIXES) as [IdKind, ...IdKind[]];
const USER_ID = idPattern("user");
const TOKEN_ID = idPattern("accessToken");
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const LIMIT_MESSAGE = `The limit must be a whole number from 1 to ${AUDIT_PAGE_SIZE_MAX}, written in digits only.`;

export type AuditActorFilter = { userId: string } | { tokenId: string } | { email: string };

/** Who acted: a user id (usr_…, also matches a service token's owner), a token id (tok_…) or an email address. */
const actorFilterSchema = z
  .string()
  .trim()
  .min(1, { error: "Give a user id, a token id or an email address." })
  .max(254, { error: "That actor is too long." })
  .transform((value, context): AuditActorFilter => {
    if (USER_ID.test(value)) return { userId: value };
    if (TOKEN_ID.test(value)) return { tokenId: value };
    if (/^[^\s@]+@[^\s@]+$/.test(value)) return { email: value.toLowerCase() };
    context.addIssue({ code: "custom", message: "Give a user id (usr_…), a token id (tok_…) or an email address." });
    return z.NEVER;
  });

/** A date (a whole day, UTC) or an ISO 8601 date-time; `end` makes a date mean the end of that day. */
function instantSchema(end: boolean) {
  return z
    .union([z.iso.datetime({ offset: true }), z.string().regex(DATE_ONLY)], {
      error: "Give a date (2026-12-01) or an ISO 8601 date-time (2026-12-01T12:00:00Z).",
    })
    .transform((value) => {
      if (!DATE_ONLY.test(value)) return new Date(value);
      const start = new Date(`${value}T00:00:00.000Z`);
      return end ? new Date(start.getTime() + 24 * 60 * 60 * 1000) : start;
    })
    .refine((date) => !Number.isNaN(date.getTime()), { error: "That date does not exist." });
}

export const auditCursorSchema = z
  .string()
  .regex(cursorPattern("auditLogEntry"), { error: "Not a valid cursor." })
  .transform((value) => {
    const [ms, id] = value.split(".") as [string, string];
    return { createdAt: new Date(Number(ms)), id };
  });

export const auditLogFilterSchema = z
  .strictObject({
    actor: actorFilterSchema.optional(),
    action: z.enum(AUDIT_ACTION_NAMES, { error: "Not an action the audit log records." }).optional(),
    objectType: z.enum(AUDIT_OBJECT_TYPE_NAMES, { error: "Not an object type the audit log records." }).optional(),
    objectId: z.string().regex(idPattern(...ALL_ID_KINDS), { error: "Not a valid id." }).optional(),
    /** From this instant on (a date: its start, UTC). */
    from: instantSchema(false).optional(),
    /** Before this instant (a date: up to the end of that day, UTC). */
    to: instantSchema(true).optional(),
    cursor: auditCursorSchema.optional(),
    limit: z
      .string()
      .regex(/^[0-9]+$/, { error: LIMIT_MESSAGE })
      .transform(Number)
      .pipe(z.number().min(1, { error: LIMIT_MESSAGE }).max(AUDIT_PAGE_SIZE_MAX, { error: LIMIT_MESSAGE }))
      .optional()
      .transform((limit) => limit ?? AUDIT_PAGE_SIZE_DEFAULT),
  })
  .refine((filter) => !filter.from || !filter.to || filter.from < filter.to, {
    error: "The start of the date range must come before its end.",
    path: ["to"],
  });

export type AuditLogFilterInput = z.input<typeof auditLogFilterSchema>;
export type AuditLogFilter = z.output<typeof auditLogFilterSchema>;

/** The filter keys, in the order the page, the REST query string and the CLI flags use them. */
export const AUDIT_FILTER_KEYS = ["actor", "action", "objectType", "objectId", "from", "to", "cursor", "limit"] as const;

export function encodeAuditCursor(entry: { createdAt: string; id: string }): string {
  return `${Date.parse(entry.createdAt)}.${entry.id}`;
}
