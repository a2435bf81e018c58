import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/permissions";
import { newId } from "@/lib/ids";
import type { CreateWorkspaceInput, RenameWorkspaceInput } from "@/lib/schemas/workspace";
import { authorize, requireUserActor, SERVICE_TOKEN_ROLE, type Actor } from "../authz";
import { db } from "../db";
import { notFound } from "../errors";
import { auditRecorder } from "./audit-log";

export type WorkspaceDto = { id: string; name: string; role: Role; createdAt: string };
export type MemberDto = { userId: string; name: string; email: string; role: Role; joinedAt: string };

/** Inside a transaction: a workspace and the creator's Admin membership. */
export async function createWorkspaceRecords(tx: Prisma.TransactionClient, userId: string, name: string) {
  const workspaceId = newId("workspace");
  await tx.workspace.create({ data: { id: workspaceId, name } });
  await tx.membership.create({ data: { id: newId("membership"), userId, workspaceId, role: "ADMIN" } });
  return workspaceId;
}

export async function listWorkspaces(actor: Actor): Promise<WorkspaceDto[]> {
  if (actor.type === "service") return [await getWorkspace(actor, actor.workspaceId)];
  const prisma = await db();
  const memberships = await prisma.membership.findMany({
    where: { userId: actor.userId },
    orderBy: { workspace: { createdAt: "asc" } },
    select: { role: true, workspace: { select: { id: true, name: true, createdAt: true } } },
  });
  return memberships.map(({ role, workspace }) => ({
    id: workspace.id,
    name: workspace.name,
    role,
    createdAt: workspace.createdAt.toISOString(),
  }));
}

/**
 * One page of the workspaces the caller belongs to (a service token: its own), oldest first,
 * keyset-paginated on (createdAt, id).
 */
export async function listWorkspacesPage(
  actor: Actor,
  page: { after?: { createdAt: Date; id: string }; limit: number },
): Promise<{ items: WorkspaceDto[]; hasMore: boolean }> {
  const prisma = await db();
  const { after } = page;
  // A user sees the workspaces they are a member of; a service token, its own workspace only.
  const userId = actor.type === "user" ? actor.userId : null;
  const scope = actor.type === "user" ? { memberships: { some: { userId: actor.userId } } } : { id: actor.workspaceId };
  const rows = await prisma.workspace.findMany({
    where: {
      ...scope,
      ...(after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: page.limit + 1,
    select: {
      id: true,
      name: true,
      createdAt: true,
      memberships: { where: { userId: userId ?? "" }, select: { role: true }, take: 1 },
    },
  });
  const items = rows.slice(0, page.limit).map(({ memberships, ...workspace }) => ({
    ...workspace,
    role: memberships[0]?.role ?? SERVICE_TOKEN_ROLE,
    createdAt: workspace.createdAt.toISOString(),
  }));
  return { items, hasMore: rows.length > page.limit };
}

export async function getWorkspace(actor: Actor, workspaceId: string): Promise<WorkspaceDto> {
  const { role } = await authorize(actor, { workspaceId }, "workspace:read");
  const prisma = await db();
  const workspace = await prisma.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { id: true, name: true, createdAt: true },
  });
  return { ...workspace, role, createdAt: workspace.createdAt.toISOString() };
}

export async function createWorkspace(actor: Actor, input: CreateWorkspaceInput): Promise<WorkspaceDto> {
  const { userId } = requireUserActor(actor);
  const prisma = await db();
  const audit = await auditRecorder(actor);
  const workspaceId = await prisma.$transaction(async (tx) => {
    const id = await createWorkspaceRecords(tx, userId, input.name);
    await audit(tx, { workspaceId: id, action: "workspace.created", object: { type: "workspace", id, name: input.name } });
    return id;
  });
  return getWorkspace(actor, workspaceId);
}

export async function renameWorkspace(actor: Actor, input: RenameWorkspaceInput): Promise<WorkspaceDto> {
  await authorize(actor, { workspaceId: input.workspaceId }, "workspace:admin");
  const prisma = await db();
  const audit = await auditRecorder(actor);
  await prisma.$transaction(async (tx) => {
    const before = await tx.workspace.findUnique({ where: { id: input.workspaceId }, select: { name: true } });
    if (!before) throw notFound("Workspace");
    await tx.workspace.update({ where: { id: input.workspaceId }, data: { name: input.name } });
    const object = { type: "workspace", id: input.workspaceId, name: input.name } as const;
    await audit(tx, { workspaceId: input.workspaceId, action: "workspace.renamed", object, details: { from: before.name, to: input.name } });
  });
  return getWorkspace(actor, input.workspaceId);
}

export async function listMembers(actor: Actor, workspaceId: string): Promise<MemberDto[]> {
  await authorize(actor, { workspaceId }, "workspace:read");
  const prisma = await db();
  const members = await prisma.membership.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "asc" },
    select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  return members.map(({ role, createdAt, user }) => ({
    userId: user.id,
    name: user.name,
    email: user.email,
    role,
    joinedAt: createdAt.toISOString(),
  }));
}
