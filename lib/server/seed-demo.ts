import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { encryptResourceConnection } from "./data/resource-connections";
import { resolveDatabaseTarget } from "./database-target.mjs";
import { demoDatabaseConnection } from "./demo-database";
import { hashPassword } from "./password";

// The demo account a fresh `npm start` offers (README, "Demo account"). Seeded only into a database
// without any user, so it never touches a database that is in use. Its storefront-db has a database
// connection from the start (./demo-database.ts): the embedded demo database on PGlite, a separate
// `<db>_demo` database with its own role on PostgreSQL; stored encrypted like any other.
export const DEMO = {
  email: "demo@example.com",
  password: "platform-demo",
  name: "Demo User",
  workspace: "Acme",
  project: "Storefront",
  environment: "Production",
  database: "storefront-db",
} as const;

export async function seedDemoIfEmpty(prisma: PrismaClient): Promise<boolean> {
  if ((await prisma.user.count()) > 0) return false;
  const userId = newId("user");
  const workspaceId = newId("workspace");
  const projectId = newId("project");
  const passwordHash = await hashPassword(DEMO.password);
  const databaseId = newId("database");
  const connection = await demoDatabaseConnection(resolveDatabaseTarget());
  await prisma.$transaction([
    prisma.user.create({ data: { id: userId, email: DEMO.email, name: DEMO.name, passwordHash } }),
    prisma.workspace.create({ data: { id: workspaceId, name: DEMO.workspace } }),
    prisma.membership.create({ data: { id: newId("membership"), userId, workspaceId, role: "ADMIN" } }),
    prisma.project.create({ data: { id: projectId, workspaceId, name: DEMO.project } }),
    prisma.resource.create({
      data: { id: newId("environment"), workspaceId, projectId, kind: "ENVIRONMENT", name: DEMO.environment },
    }),
    prisma.resource.create({
      data: {
        id: databaseId,
        workspaceId,
        projectId,
        kind: "DATABASE",
        name: DEMO.database,
        ...(connection && { connectionCiphertext: encryptResourceConnection(databaseId, connection), connectionUpdatedAt: new Date() }),
      },
    }),
  ]);
  return true;
}
