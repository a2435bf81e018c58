import { AUDIT_ACTIONS, AUDIT_OBJECT_TYPES } from "@/lib/schemas/audit-actions";
import { ROLE_LABELS, type Role } from "@/lib/permissions";
import { formatDateTime } from "@/lib/format";
import type { AuditLogEntryDto } from "@/lib/server/data/audit-log-read";

// How an entry reads on the page: who, what, on which object, and a one-line summary of its details.

export const PATH_LABELS: Record<AuditLogEntryDto["path"], string> = { console: "Console", rest: "REST API", cli: "CLI", system: "System" };

export const actionLabel = (entry: AuditLogEntryDto) => AUDIT_ACTIONS[entry.action] ?? entry.action;
export const objectTypeLabel = (entry: AuditLogEntryDto) => AUDIT_OBJECT_TYPES[entry.object.type] ?? entry.object.type;

/** The person or token that acted, and a second line (the token, the owner, or the email). */
export function actorLines(entry: AuditLogEntryDto): [string, string | null] {
  const { actor } = entry;
  switch (actor.type) {
    case "system":
      return ["System", null];
    case "anonymous":
      return ["Someone signing in", actor.email ? `as ${actor.email}` : null];
    case "service_token":
      return [`Service token ${actor.tokenName ?? actor.tokenId ?? ""}`.trim(), actor.email ? `created by ${actor.email}` : null];
    default:
      return [actor.name ?? actor.email ?? actor.userId ?? "Unknown user", actor.tokenId ? `${actor.email ?? ""} with token ${actor.tokenName ?? actor.tokenId}`.trim() : actor.email];
  }
}

const text = (value: unknown) => (typeof value === "string" ? value : value === null || value === undefined ? "" : JSON.stringify(value));
const role = (value: unknown) => ROLE_LABELS[value as Role] ?? text(value);
const when = (value: unknown) => (typeof value === "string" ? formatDateTime(value) : "never");

/** What changed, in a line; null when the action says it all. */
export function detailsLine(entry: AuditLogEntryDto): string | null {
  const d = entry.details ?? {};
  switch (entry.action) {
    case "member.role_changed":
      return `${role(d.from)} → ${role(d.to)}`;
    case "project.renamed":
    case "resource.renamed":
    case "workspace.renamed":
      return `${text(d.from)} → ${text(d.to)}`;
    case "api_key.created":
      return `${text(d.permission)}, expires ${when(d.expiresAt)}`;
    case "api_key.rolled":
      return `New key ${text(d.successorName)}; the old one works until ${when(d.graceEndsAt)}`;
    case "api_key.expired":
      return d.rolledToId ? `Grace period of a rolled key ended` : null;
    case "member.invited":
    case "member.joined":
      return `as ${role(d.role)}`;
    case "invitation.revoked":
      return d.reason === "mail-failed" ? "The invitation mail could not be sent" : null;
    case "resource.connection_tested":
      return `${d.ok ? "Connected" : "Could not connect"}${d.candidate ? " (a string not yet saved)" : " (the saved string)"}`;
    case "key_policy.changed": {
      const policy = (value: unknown) => {
        const p = (value ?? {}) as { maxLifetimeDays?: number | null; neverExpiresAllowed?: boolean };
        return `${p.maxLifetimeDays ? `max ${p.maxLifetimeDays} days` : "no maximum"}, ${p.neverExpiresAllowed ? "never allowed" : "must expire"}`;
      };
      return `${policy(d.from)} → ${policy(d.to)}`;
    }
    case "key_reminders.changed": {
      const days = (value: unknown, key: string) => {
        const n = ((value ?? {}) as Record<string, number | null>)[key];
        return n ? `${n} d` : "off";
      };
      const nudges = (value: unknown) => `rotate ${days(value, "rotateAfterDays")}, unused ${days(value, "unusedAfterDays")}, never used ${days(value, "neverUsedAfterDays")}`;
      return `${nudges(d.from)} → ${nudges(d.to)}`;
    }
    case "token.created":
    case "token.revoked":
      return `${text(d.kind)} token ${text(d.hint)}`;
    default:
      return null;
  }
}
