import { randomUUID } from "node:crypto";
import { newId } from "@/lib/ids";
import type { Role } from "@/lib/permissions";
import type { Actor } from "@/lib/server/authz";
import { createApiKey } from "@/lib/server/data/api-keys";
import { createProject } from "@/lib/server/data/projects";
import { createResource } from "@/lib/server/data/resources";
import { db } from "@/lib/server/db";

// Builders for uniquely named data. Users are written straight to the database (no password
// hashing), because argon2 would dominate the suite's run time; users.test.ts covers sign-up.

export const unique = (label = "item") => `${label}-${randomUUID().slice(0, 8)}`;

export type TestUser = { actor: Actor; userId: string; email: string; name: string };

export async function makeUser(): Promise<TestUser> {
  const prisma = await db();
  const name = unique("user");
  const user = await prisma.user.create({
    data: { id: newId("user"), email: `${name}@example.test`, name },
    select: { id: true, email: true },
  });
  return { actor: { type: "user", userId: user.id }, userId: user.id, email: user.email, name };
}

export async function addMember(userId: string, workspaceId: string, role: Role): Promise<void> {
  const prisma = await db();
  await prisma.membership.create({ data: { id: newId("membership"), userId, workspaceId, role } });
}

/** A workspace with an Admin owner, one project (with its "Production" environment) and a database. */
export async function makeTenant() {
  const prisma = await db();
  const owner = await makeUser();
  const workspaceId = newId("workspace");
  await prisma.workspace.create({ data: { id: workspaceId, name: unique("workspace") } });
  await addMember(owner.userId, workspaceId, "ADMIN");
  const project = await createProject(owner.actor, { workspaceId, name: unique("project") });
  const resource = await createResource(owner.actor, { projectId: project.id, kind: "database", name: unique("db") });
  return { owner, workspaceId, projectId: project.id, resourceId: resource.id };
}

export type Tenant = Awaited<ReturnType<typeof makeTenant>>;

/** A new user with `role` in the tenant's workspace. */
export async function makeMember(tenant: Tenant, role: Role): Promise<TestUser> {
  const user = await makeUser();
  await addMember(user.userId, tenant.workspaceId, role);
  return user;
}

export async function makeApiKey(tenant: Tenant, name = unique("key")) {
  return createApiKey(tenant.owner.actor, { resourceId: tenant.resourceId, name });
}

/** A well-formed id of the given kind that names nothing. */
export const missingId = newId;
