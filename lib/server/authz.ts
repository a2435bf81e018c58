import "server-only";
import { can, VISIBILITY, type Permission, type Role } from "@/lib/permissions";
import { db } from "./db";
import { forbidden, notFound } from "./errors";
import type { RequestOrigin } from "./request-origin";

// The one authorization helper. Every action and API route names the object it touches and the
// permission it needs; this resolves the object's workspace and the caller's membership in one
// query. A missing object, another workspace's object, and an object the caller's role may not
// even see are indistinguishable: all three are "not found".

/**
 * Who is calling: a signed-in user (session or personal access token) or a workspace service
 * token, which acts as a Developer of its one workspace and nowhere else.
 */
export type UserActor = { type: "user"; userId: string; origin?: RequestOrigin };
export type ServiceActor = { type: "service"; tokenId: string; workspaceId: string; origin?: RequestOrigin };
export type Actor = UserActor | ServiceActor;

/** The role a service token has in its own workspace. */
export const SERVICE_TOKEN_ROLE: Role = "DEVELOPER";
export type { Permission };

export type Target =
  | { workspaceId: string }
  | { projectId: string }
  | { resourceId: string }
  | { apiKeyId: string };

export type Authorized = { workspaceId: string; role: Role };

const NOUNS = { workspaceId: "Workspace", projectId: "Project", resourceId: "Resource", apiKeyId: "API key" } as const;

function targetKind(target: Target): keyof typeof NOUNS {
  return (Object.keys(target) as (keyof typeof NOUNS)[])[0]!;
}

/** For what only a person can do (create a workspace, accept an invitation, manage members). */
export function requireUserActor(actor: Actor): UserActor {
  if (actor.type !== "user") throw forbidden("This needs a personal account, not a service token.");
  return actor;
}

/** The user behind an action, for "created by" columns; null for service tokens. */
export function actingUserId(actor: Actor): string | null {
  return actor.type === "user" ? actor.userId : null;
}

async function lookUp(actor: Actor, target: Target): Promise<{ workspaceId: string; role?: Role } | null> {
  const prisma = await db();
  if (actor.type === "service") {
    const workspaceId = await workspaceOf(target);
    return workspaceId ? { workspaceId, role: workspaceId === actor.workspaceId ? SERVICE_TOKEN_ROLE : undefined } : null;
  }
  // For users, the object's workspace and the caller's membership come back in one query.
  const memberOf = { memberships: { where: { userId: actor.userId }, select: { role: true }, take: 1 } };
  const select = { workspaceId: true, workspace: { select: memberOf } } as const;
  let row: { workspaceId: string; workspace: { memberships: { role: Role }[] } } | null;
  if ("workspaceId" in target) {
    const membership = await prisma.membership.findUnique({
      where: { userId_workspaceId: { userId: actor.userId, workspaceId: target.workspaceId } },
      select: { role: true },
    });
    return membership ? { workspaceId: target.workspaceId, role: membership.role } : null;
  } else if ("projectId" in target) {
    row = await prisma.project.findUnique({ where: { id: target.projectId }, select });
  } else if ("resourceId" in target) {
    row = await prisma.resource.findUnique({ where: { id: target.resourceId }, select });
  } else {
    row = await prisma.apiKey.findUnique({ where: { id: target.apiKeyId }, select });
  }
  return row ? { workspaceId: row.workspaceId, role: row.workspace.memberships[0]?.role } : null;
}

async function workspaceOf(target: Target): Promise<string | null> {
  const prisma = await db();
  const select = { workspaceId: true } as const;
  const row =
    "workspaceId" in target
      ? await prisma.workspace.findUnique({ where: { id: target.workspaceId }, select: { id: true } }).then((w) => w && { workspaceId: w.id })
      : "projectId" in target
        ? await prisma.project.findUnique({ where: { id: target.projectId }, select })
        : "resourceId" in target
          ? await prisma.resource.findUnique({ where: { id: target.resourceId }, select })
          : await prisma.apiKey.findUnique({ where: { id: target.apiKeyId }, select });
  return row?.workspaceId ?? null;
}

/** Throws "not found" or "permission denied"; returns the object's workspace and the caller's role. */
export async function authorize(actor: Actor, target: Target, permission: Permission): Promise<Authorized> {
  const found = await lookUp(actor, target);
  if (!found?.role || !can(found.role, VISIBILITY[permission])) throw notFound(NOUNS[targetKind(target)]);
  if (!can(found.role, permission)) throw forbidden();
  return { workspaceId: found.workspaceId, role: found.role };
}
