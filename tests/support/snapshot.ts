import { db } from "@/lib/server/db";

// What a tenant's data looks like in the database, to show that a refused call changed nothing.
export async function snapshotWorkspace(workspaceId: string) {
  const prisma = await db();
  const [workspace, members, projects, resources, apiKeys] = await Promise.all([
    prisma.workspace.findUnique({ where: { id: workspaceId } }),
    prisma.membership.findMany({ where: { workspaceId }, orderBy: { id: "asc" } }),
    prisma.project.findMany({ where: { workspaceId }, orderBy: { id: "asc" } }),
    prisma.resource.findMany({ where: { workspaceId }, orderBy: { id: "asc" } }),
    prisma.apiKey.findMany({ where: { workspaceId }, orderBy: { id: "asc" } }),
  ]);
  return { workspace, members, projects, resources, apiKeys };
}

/** Workspaces the user belongs to: what a refused createWorkspaceAction must not change. */
export async function membershipCount(userId: string) {
  const prisma = await db();
  return prisma.membership.count({ where: { userId } });
}
