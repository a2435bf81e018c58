import "server-only";
import type { ResourceKind as DbResourceKind } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import type { CreateResourceInput, DeleteResourceInput, RenameResourceInput, ResourceKind } from "@/lib/schemas/resource";
import { authorize, type Actor } from "../authz";
import { db } from "../db";
import { keyRevoked } from "@/lib/gateway/key-events";
import { notifyKeyEvent, settleKeyEvent } from "./key-events";

export type ResourceDto = {
  id: string;
  workspaceId: string;
  projectId: string;
  projectName: string;
  kind: ResourceKind;
  name: string;
  createdAt: string;
  apiKeyCount: number;
};

const resourceSelect = {
  id: true,
  workspaceId: true,
  projectId: true,
  kind: true,
  name: true,
  createdAt: true,
  project: { select: { name: true } },
  _count: { select: { apiKeys: true } },
} as const;

type ResourceRow = {
  id: string;
  workspaceId: string;
  projectId: string;
  kind: DbResourceKind;
  name: string;
  createdAt: Date;
  project: { name: string };
  _count: { apiKeys: number };
};

export const toResourceKind = (kind: DbResourceKind): ResourceKind => (kind === "DATABASE" ? "database" : "environment");

function toDto(row: ResourceRow): ResourceDto {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    projectId: row.projectId,
    projectName: row.project.name,
    kind: toResourceKind(row.kind),
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    apiKeyCount: row._count.apiKeys,
  };
}

export async function listResources(actor: Actor, projectId: string): Promise<ResourceDto[]> {
  const { workspaceId } = await authorize(actor, { projectId }, "project:read");
  const prisma = await db();
  const rows = await prisma.resource.findMany({
    where: { projectId, workspaceId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: resourceSelect,
  });
  return rows.map(toDto);
}

/**
 * One page of a project's resources, oldest first, keyset-paginated on (createdAt, id): pages
 * never skip or repeat a resource, even when one is deleted between two requests.
 */
export async function listResourcesPage(
  actor: Actor,
  projectId: string,
  page: { after?: { createdAt: Date; id: string }; limit: number },
): Promise<{ items: ResourceDto[]; hasMore: boolean }> {
  const { workspaceId } = await authorize(actor, { projectId }, "project:read");
  const prisma = await db();
  const { after } = page;
  const rows = await prisma.resource.findMany({
    where: {
      projectId,
      workspaceId,
      ...(after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: page.limit + 1,
    select: resourceSelect,
  });
  return { items: rows.slice(0, page.limit).map(toDto), hasMore: rows.length > page.limit };
}

export async function getResource(actor: Actor, resourceId: string): Promise<ResourceDto> {
  const { workspaceId } = await authorize(actor, { resourceId }, "project:read");
  const prisma = await db();
  const row = await prisma.resource.findUniqueOrThrow({ where: { id: resourceId, workspaceId }, select: resourceSelect });
  return toDto(row);
}

export async function createResource(actor: Actor, input: CreateResourceInput): Promise<ResourceDto> {
  const { workspaceId } = await authorize(actor, { projectId: input.projectId }, "project:write");
  const prisma = await db();
  const id = newId(input.kind);
  await prisma.resource.create({
    data: {
      id,
      workspaceId,
      projectId: input.projectId,
      kind: input.kind === "database" ? "DATABASE" : "ENVIRONMENT",
      name: input.name,
    },
  });
  return getResource(actor, id);
}

export async function renameResource(actor: Actor, input: RenameResourceInput): Promise<ResourceDto> {
  const { workspaceId } = await authorize(actor, { resourceId: input.resourceId }, "project:write");
  const prisma = await db();
  await prisma.resource.update({ where: { id: input.resourceId, workspaceId }, data: { name: input.name } });
  return getResource(actor, input.resourceId);
}

/** Deletes a resource with its API keys, which stop verifying at once. */
export async function deleteResource(actor: Actor, input: DeleteResourceInput): Promise<ResourceDto> {
  // One authorization (for writing), then the row to return, then the delete.
  const { workspaceId } = await authorize(actor, { resourceId: input.resourceId }, "project:write");
  const prisma = await db();
  const row = await prisma.resource.findUniqueOrThrow({ where: { id: input.resourceId, workspaceId }, select: resourceSelect });
  // The delete cascades to API keys: verifiers drop every key of this resource.
  const revoked = keyRevoked({ resourceId: row.id });
  await prisma.$transaction([prisma.resource.deleteMany({ where: { id: row.id, workspaceId } }), notifyKeyEvent(prisma, revoked)]);
  await settleKeyEvent(revoked);
  return toDto(row);
}
