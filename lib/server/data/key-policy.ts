import "server-only";
import type { KeyPolicy } from "@/lib/keys/expiry";
import type { UpdateKeyPolicyInput } from "@/lib/schemas/key-policy";
import { authorize, type Actor } from "../authz";
import { db } from "../db";
import { notFound } from "../errors";
import { auditRecorder } from "./audit-log";

// A workspace's key policy: the longest lifetime of a new key and whether "never" is allowed. Every
// member may read it (the create dialog offers only what it allows); only Admins change it. It is
// applied by the data layer on create and roll (lib/keys/expiry.ts), so no path can skip it.

export type KeyPolicyDto = KeyPolicy;

/** The policy as stored; for the data layer, after it has authorized the caller. */
export async function readKeyPolicy(workspaceId: string): Promise<KeyPolicy> {
  const prisma = await db();
  const row = await prisma.workspace.findUnique({
    where: { id: workspaceId },
    select: { keyMaxLifetimeDays: true, keyNeverExpiresAllowed: true },
  });
  if (!row) throw notFound("Workspace");
  return { maxLifetimeDays: row.keyMaxLifetimeDays, neverExpiresAllowed: row.keyNeverExpiresAllowed };
}

export async function getKeyPolicy(actor: Actor, workspaceId: string): Promise<KeyPolicyDto> {
  await authorize(actor, { workspaceId }, "workspace:read");
  return readKeyPolicy(workspaceId);
}

/** Admins only. Applies to keys created or rolled from now on; existing keys keep their expiry. */
export async function updateKeyPolicy(actor: Actor, input: UpdateKeyPolicyInput): Promise<KeyPolicyDto> {
  const { workspaceId } = await authorize(actor, { workspaceId: input.workspaceId }, "workspace:admin");
  const prisma = await db();
  const audit = await auditRecorder(actor);
  const select = { name: true, keyMaxLifetimeDays: true, keyNeverExpiresAllowed: true } as const;
  const policyOf = (row: { keyMaxLifetimeDays: number | null; keyNeverExpiresAllowed: boolean }): KeyPolicy => ({
    maxLifetimeDays: row.keyMaxLifetimeDays,
    neverExpiresAllowed: row.keyNeverExpiresAllowed,
  });
  return prisma.$transaction(async (tx) => {
    const before = await tx.workspace.findUnique({ where: { id: workspaceId }, select });
    if (!before) throw notFound("Workspace");
    const row = await tx.workspace.update({
      where: { id: workspaceId },
      data: { keyMaxLifetimeDays: input.maxLifetimeDays, keyNeverExpiresAllowed: input.neverExpiresAllowed },
      select,
    });
    const [from, to] = [policyOf(before), policyOf(row)];
    if (from.maxLifetimeDays !== to.maxLifetimeDays || from.neverExpiresAllowed !== to.neverExpiresAllowed) {
      await audit(tx, { workspaceId, action: "key_policy.changed", object: { type: "workspace", id: workspaceId, name: row.name }, details: { from, to } });
    }
    return to;
  });
}
