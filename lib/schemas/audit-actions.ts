// What the audit log records (lib/server/data/audit-log.ts), in a module without zod so that the
// Console's page, the filter schema (lib/schemas/audit-log.ts) and the CLI share one list. It is
// under lib/schemas because the CLI bundle takes only lib/schemas, lib/keys and lib/ids.ts.

export const AUDIT_ACTIONS = {
  "api_key.created": "API key created",
  "api_key.rolled": "API key rolled",
  "api_key.deleted": "API key deleted",
  "api_key.expired": "API key expired",
  "token.created": "Token created",
  "token.revoked": "Token revoked",
  "member.invited": "Member invited",
  "member.joined": "Member joined",
  "member.role_changed": "Member's role changed",
  "member.removed": "Member removed",
  "member.left": "Member left",
  "member.sign_in_failed": "Sign-in failed",
  "invitation.revoked": "Invitation revoked",
  "invitation.renewed": "Invitation renewed",
  "project.created": "Project created",
  "project.renamed": "Project renamed",
  "project.deleted": "Project deleted",
  "resource.created": "Resource created",
  "resource.renamed": "Resource renamed",
  "resource.deleted": "Resource deleted",
  "resource.connection_set": "Database connection set",
  "resource.connection_removed": "Database connection removed",
  "resource.connection_tested": "Database connection tested",
  "key_policy.changed": "Key policy changed",
  "key_nudges.changed": "Key reminders changed",
  "workspace.created": "Workspace created",
  "workspace.renamed": "Workspace renamed",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]];

export const AUDIT_OBJECT_TYPES = {
  api_key: "API key",
  token: "Token",
  member: "Member",
  invitation: "Invitation",
  project: "Project",
  resource: "Resource",
  workspace: "Workspace",
} as const;

export type AuditObjectType = keyof typeof AUDIT_OBJECT_TYPES;
export const AUDIT_OBJECT_TYPE_NAMES = Object.keys(AUDIT_OBJECT_TYPES) as [AuditObjectType, ...AuditObjectType[]];

/** "user": a person (session or personal token); "service_token"; "anonymous": a failed sign-in; "system": an expiry. */
export const AUDIT_ACTOR_TYPES = ["user", "service_token", "anonymous", "system"] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

export const AUDIT_PAGE_SIZE_DEFAULT = 100;
export const AUDIT_PAGE_SIZE_MAX = 1000;
/** How long entries are kept unless AUDIT_LOG_RETENTION_DAYS says otherwise. */
export const AUDIT_RETENTION_DAYS_DEFAULT = 365;
