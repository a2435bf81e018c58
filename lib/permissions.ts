// Who may do what in a workspace, after Prisma Console's current roles. Pure data, so that pages
// can hide buttons a role may not use; lib/server/authz.ts is what enforces it.

export const ROLES = ["ADMIN", "DEVELOPER", "VIEWER", "BILLING"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  ADMIN: "Admin",
  DEVELOPER: "Developer",
  VIEWER: "Viewer",
  BILLING: "Billing",
};

export type Permission =
  | "workspace:read"
  | "workspace:admin"
  | "project:read"
  | "project:write"
  | "key:read"
  | "key:write";

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  ADMIN: new Set(["workspace:read", "workspace:admin", "project:read", "project:write", "key:read", "key:write"]),
  DEVELOPER: new Set(["workspace:read", "project:read", "project:write", "key:read", "key:write"]),
  VIEWER: new Set(["workspace:read", "project:read", "key:read"]),
  // Billing manages invoices, not projects: projects and everything below are invisible to it.
  BILLING: new Set(["workspace:read"]),
};

/** The permission that makes an object visible at all; without it the object is "not found". */
export const VISIBILITY: Record<Permission, Permission> = {
  "workspace:read": "workspace:read",
  "workspace:admin": "workspace:read",
  "project:read": "project:read",
  "project:write": "project:read",
  "key:read": "key:read",
  "key:write": "key:read",
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].has(permission);
}
