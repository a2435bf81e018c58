import { expect } from "vitest";
import type { AuditAction } from "@/lib/schemas/audit-actions";
import { db } from "@/lib/server/db";

// Reading the audit table directly (not through listAuditLog, which would catch up on expiries and
// needs an Admin): what a test asserts is what is stored.

export type StoredEntry = Awaited<ReturnType<typeof storedEntries>>[number];

export async function storedEntries(workspaceId: string, action?: AuditAction) {
  const prisma = await db();
  return prisma.auditLogEntry.findMany({
    where: { workspaceId, ...(action ? { action } : {}) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

/** The one entry of `action` in the workspace (fails if there are none or several). */
export async function onlyEntry(workspaceId: string, action: AuditAction): Promise<StoredEntry> {
  const found = await storedEntries(workspaceId, action);
  expect(found.map((entry) => entry.action)).toEqual([action]);
  return found[0]!;
}

/** Every entry of every workspace, as text: what the "no secret" checks search. */
export async function everyEntryAsText(): Promise<string> {
  const prisma = await db();
  return JSON.stringify(await prisma.auditLogEntry.findMany());
}

export async function countEntries(workspaceId: string): Promise<number> {
  return (await db()).auditLogEntry.count({ where: { workspaceId } });
}
