import "server-only";
import type { KeyPolicy } from "@/lib/keys/expiry";
import type { UpdateKeyPolicyInput } from "@/lib/schemas/key-policy";
import { authorize, type Actor } from "../authz";
import { db } from "../db";
import { notFound } from "../errors";

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
  await authorize(actor, { workspaceId: input.workspaceId }, "workspace:admin");
  const prisma = await db();
  const row = await prisma.workspace.update({
    where: { id: input.workspaceId },
    data: { keyMaxLifetimeDays: input.maxLifetimeDays, keyNeverExpiresAllowed: input.neverExpiresAllowed },
    select: { keyMaxLifetimeDays: true, keyNeverExpiresAllowed: true },
  });
  return { maxLifetimeDays: row.keyMaxLifetimeDays, neverExpiresAllowed: row.keyNeverExpiresAllowed };
}
