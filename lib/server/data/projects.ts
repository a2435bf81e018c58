import "server-only";
import { newId } from "@/lib/ids";
import type { CreateProjectInput, DeleteProjectInput, RenameProjectInput } from "@/lib/schemas/project";
import { authorize, type Actor } from "../authz";
import { db } from "../db";
import { keyRevoked } from "@/lib/gateway/key-events";
import { notFound } from "../errors";
import { auditRecorder } from "./audit-log";
import { notifyKeyEvent, settleKeyEvent } from "./key-events";

export type ProjectDto = { id: string; workspaceId: string; name: string; createdAt: string; resourceCount: number };

const projectSelect = {
  id: true,
  workspaceId: true,
  name: true,
  createdAt: true,
  _count: { select: { resources: true } },
} as const;

function toDto(row: { id: string; workspaceId: string; name: string; createdAt: Date; _count: { resources: number } }) {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    resourceCount: row._count.resources,
  };
}

export async function listProjects(actor: Actor, workspaceId: string): Promise<ProjectDto[]> {
  await authorize(actor, { workspaceId }, "project:read");
  const prisma = await db();
  const rows = await prisma.project.findMany({
    where: { workspaceId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: projectSelect,
  });
  return rows.map(toDto);
}

/**
 * One page of a workspace's projects, oldest first, keyset-paginated on (createdAt, id): pages
 * never skip or repeat a project, even when one is deleted between two requests.
 */
export async function listProjectsPage(
  actor: Actor,
  workspaceId: string,
  page: { after?: { createdAt: Date; id: string }; limit: number },
): Promise<{ items: ProjectDto[]; hasMore: boolean }> {
  await authorize(actor, { workspaceId }, "project:read");
  const prisma = await db();
  const { after } = page;
  const rows = await prisma.project.findMany({
    where: {
      workspaceId,
      ...(after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: page.limit + 1,
    select: projectSelect,
  });
  return { items: rows.slice(0, page.limit).map(toDto), hasMore: rows.length > page.limit };
}

export async function getProject(actor: Actor, projectId: string): Promise<ProjectDto> {
  const { workspaceId } = await authorize(actor, { projectId }, "project:read");
  const prisma = await db();
  const row = await prisma.project.findUniqueOrThrow({ where: { id: projectId, workspaceId }, select: projectSelect });
  return toDto(row);
}

/** A new project starts with an environment called "Production", as Prisma's Console does. */
export async function createProject(actor: Actor, input: CreateProjectInput): Promise<ProjectDto> {
  const { workspaceId } = await authorize(actor, { workspaceId: input.workspaceId }, "project:write");
  const prisma = await db();
  const projectId = newId("project");
  const environmentId = newId("environment");
  const audit = await auditRecorder(actor);
  await prisma.$transaction([
    prisma.project.create({ data: { id: projectId, workspaceId, name: input.name } }),
    prisma.resource.create({
      data: { id: environmentId, workspaceId, projectId, kind: "ENVIRONMENT", name: "Production" },
    }),
    audit(prisma, { workspaceId, action: "project.created", object: { type: "project", id: projectId, name: input.name } }),
  ]);
  return getProject(actor, projectId);
}

export async function renameProject(actor: Actor, input: RenameProjectInput): Promise<ProjectDto> {
  const { workspaceId } = await authorize(actor, { projectId: input.projectId }, "project:write");
  const prisma = await db();
  const audit = await auditRecorder(actor);
  await prisma.$transaction(async (tx) => {
    const before = await tx.project.findUnique({ where: { id: input.projectId, workspaceId }, select: { name: true } });
    if (!before) throw notFound("Project");
    await tx.project.update({ where: { id: input.projectId, workspaceId }, data: { name: input.name } });
    await audit(tx, {
      workspaceId,
      action: "project.renamed",
      object: { type: "project", id: input.projectId, name: input.name },
      details: { from: before.name, to: input.name },
    });
  });
  return getProject(actor, input.projectId);
}

/** Deletes a project with its resources and their API keys, which stop verifying at once. */
export async function deleteProject(actor: Actor, input: DeleteProjectInput): Promise<ProjectDto> {
  // One authorization (for writing), then the row to return, then the delete.
  const { workspaceId } = await authorize(actor, { projectId: input.projectId }, "project:write");
  const prisma = await db();
  const row = await prisma.project.findUniqueOrThrow({ where: { id: input.projectId, workspaceId }, select: projectSelect });
  // The delete cascades to API keys: verifiers drop every key of this project.
  const revoked = keyRevoked({ projectId: row.id });
  const audit = await auditRecorder(actor);
  await prisma.$transaction(async (tx) => {
    // A concurrent delete got there first: one "deleted" entry, and this caller hears "not found".
    const deleted = await tx.project.deleteMany({ where: { id: row.id, workspaceId } });
    if (deleted.count === 0) throw notFound("Project");
    await audit(tx, { workspaceId, action: "project.deleted", object: { type: "project", id: row.id, name: row.name } });
    await notifyKeyEvent(tx, revoked);
  });
  await settleKeyEvent(revoked);
  return toDto(row);
}
