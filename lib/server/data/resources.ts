import "server-only";
import type { ResourceKind as DbResourceKind } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import type { ConnectionDescription } from "@/lib/schemas/database-connection";
import type { CreateResourceInput, DeleteResourceInput, RenameResourceInput, ResourceKind, UpdateResourceInput } from "@/lib/schemas/resource";
import { authorize, type Actor } from "../authz";
import { db } from "../db";
import { keyRevoked } from "@/lib/gateway/key-events";
import { notFound } from "../errors";
import { auditRecorder, type AuditChange } from "./audit-log";
import { notifyKeyEvent, settleKeyEvent } from "./key-events";
import { assertHostAllowed, connectionChange, connectionColumns, connectionSummary } from "./resource-connections";

export type ResourceDto = {
  id: string;
  workspaceId: string;
  projectId: string;
  projectName: string;
  kind: ResourceKind;
  name: string;
  createdAt: string;
  apiKeyCount: number;
  /** Its database connection's host, port, database name and user (never the string); null: none. */
  database: ConnectionDescription | null;
};

const resourceSelect = {
  id: true,
  workspaceId: true,
  projectId: true,
  kind: true,
  name: true,
  createdAt: true,
  connectionCiphertext: true,
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
  connectionCiphertext: string | null;
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
    database: connectionSummary(row.connectionCiphertext, row.id),
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

/** Creates a resource, with its database connection when one is given (encrypted for its new id). */
export async function createResource(actor: Actor, input: CreateResourceInput): Promise<ResourceDto> {
  const { workspaceId } = await authorize(actor, { projectId: input.projectId }, "project:write");
  if (input.connectionString) await assertHostAllowed(input.connectionString);
  const prisma = await db();
  const id = newId(input.kind);
  const audit = await auditRecorder(actor);
  const object = { type: "resource", id, name: input.name } as const;
  const created = prisma.resource.create({
    data: {
      id,
      workspaceId,
      projectId: input.projectId,
      kind: input.kind === "database" ? "DATABASE" : "ENVIRONMENT",
      name: input.name,
      // No key of the new resource exists yet, so no gateway needs to hear of its connection.
      ...(input.connectionString ? connectionColumns(id, input.connectionString) : {}),
    },
  });
  const changes: AuditChange[] = [{ workspaceId, action: "resource.created", object, details: { projectId: input.projectId, kind: input.kind } }];
  if (input.connectionString) changes.push(connectionChange(workspaceId, object, input.connectionString));
  await prisma.$transaction([created, audit(prisma, ...changes)]);
  return getResource(actor, id);
}

export async function renameResource(actor: Actor, input: RenameResourceInput): Promise<ResourceDto> {
  return updateResource(actor, input);
}

/**
 * Renames a resource and/or sets, replaces or (with null) removes its database connection, in one
 * transaction. A connection change is announced like a revocation, so gateways drop the old pool
 * and roll back the resource's open transactions at once (see resource-connections.ts).
 */
export async function updateResource(actor: Actor, input: UpdateResourceInput): Promise<ResourceDto> {
  const { workspaceId } = await authorize(actor, { resourceId: input.resourceId }, "project:write");
  const connectionString = input.connectionString;
  if (connectionString) await assertHostAllowed(connectionString);
  const prisma = await db();
  const data = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(connectionString !== undefined ? connectionColumns(input.resourceId, connectionString) : {}),
  };
  const where = { id: input.resourceId, workspaceId };
  const audit = await auditRecorder(actor);
  const changed = connectionString === undefined ? null : keyRevoked({ resourceId: input.resourceId });
  await prisma.$transaction(async (tx) => {
    const before = await tx.resource.findUnique({ where, select: { name: true } });
    const updated = await tx.resource.updateMany({ where, data });
    if (!before || updated.count === 0) throw notFound("Resource");
    const object = { type: "resource", id: input.resourceId, name: input.name ?? before.name } as const;
    const changes: AuditChange[] = [];
    if (input.name !== undefined && input.name !== before.name) {
      changes.push({ workspaceId, action: "resource.renamed", object, details: { from: before.name, to: input.name } });
    }
    if (connectionString !== undefined) changes.push(connectionChange(workspaceId, object, connectionString));
    if (changes.length > 0) await audit(tx, ...changes);
    if (changed) await notifyKeyEvent(tx, changed);
  });
  if (changed) await settleKeyEvent(changed);
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
  const audit = await auditRecorder(actor);
  await prisma.$transaction(async (tx) => {
    const deleted = await tx.resource.deleteMany({ where: { id: row.id, workspaceId } });
    if (deleted.count === 0) throw notFound("Resource");
    const details = { projectId: row.projectId, kind: toResourceKind(row.kind) };
    await audit(tx, { workspaceId, action: "resource.deleted", object: { type: "resource", id: row.id, name: row.name }, details });
    await notifyKeyEvent(tx, revoked);
  });
  await settleKeyEvent(revoked);
  return toDto(row);
}
