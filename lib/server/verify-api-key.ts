import "server-only";
import { checkApiKeyFormat, digestApiKey } from "@/lib/keys/api-key";
import type { ResourceKind } from "@/lib/schemas/resource";
import { db } from "./db";
import { toResourceKind } from "./data/resources";

// Verification for the services the keys are for. The format and checksum are checked first, so a
// typo or a random string never costs a database query. (The gateway, its cache with instant
// revocation and its rate limits are built on top of this in a later issue.)

export type VerifyResult =
  | {
      valid: true;
      keyId: string;
      resourceId: string;
      resourceKind: ResourceKind;
      projectId: string;
      workspaceId: string;
    }
  | { valid: false; code: "MALFORMED" | "NOT_FOUND" | "WRONG_RESOURCE"; message: string };

const LAST_USED_RESOLUTION_MS = 60_000;

export async function verifyApiKey(key: string, expectedResourceId?: string): Promise<VerifyResult> {
  const format = checkApiKeyFormat(key);
  if (!format.ok) {
    return { valid: false, code: "MALFORMED", message: "The provided API Key is invalid. Reason: malformed key." };
  }
  const prisma = await db();
  const row = await prisma.apiKey.findUnique({
    where: { digest: digestApiKey(key) },
    select: { id: true, resourceId: true, workspaceId: true, lastUsedAt: true, resource: { select: { kind: true, projectId: true } } },
  });
  if (!row) {
    return { valid: false, code: "NOT_FOUND", message: "The provided API Key is invalid. Reason: unknown or deleted key." };
  }
  if (expectedResourceId && expectedResourceId !== row.resourceId) {
    return {
      valid: false,
      code: "WRONG_RESOURCE",
      message: "The provided API Key is invalid. Reason: the key belongs to another resource.",
    };
  }
  await touchLastUsed(row.id, row.lastUsedAt);
  return {
    valid: true,
    keyId: row.id,
    resourceId: row.resourceId,
    resourceKind: toResourceKind(row.resource.kind),
    projectId: row.resource.projectId,
    workspaceId: row.workspaceId,
  };
}

/** Records use at a one-minute resolution: at most one write per key per minute. */
async function touchLastUsed(id: string, lastUsedAt: Date | null) {
  const now = Date.now();
  if (lastUsedAt && now - lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
  const prisma = await db();
  await prisma.apiKey.updateMany({
    where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now - LAST_USED_RESOLUTION_MS) } }] },
    data: { lastUsedAt: new Date(now) },
  });
}
