import "server-only";
import { keyCreated, keyExpiryChanged } from "@/lib/gateway/key-events";
import { newId } from "@/lib/ids";
import { generateApiKey } from "@/lib/keys/api-key";
import { successorExpiry } from "@/lib/keys/expiry";
import { NAME_MAX_LENGTH } from "@/lib/schemas/common";
import type { RollApiKeyInput } from "@/lib/schemas/api-key";
import { actingUserId, authorize, type Actor } from "../authz";
import { db } from "../db";
import { AppError, notFound } from "../errors";
import { apiKeySelect, toDto, type ApiKeyDto } from "./api-keys";
import { notifyKeyEvent, settleKeyEvent } from "./key-events";
import { auditRecorder } from "./audit-log";
import { readKeyPolicy } from "./key-policy";

// Roll: a successor that inherits the old key's resource, permission and lifetime (within today's
// policy), and a grace deadline for the old key, after which it fails verification everywhere at
// that instant. One transaction: the old key is claimed first with a conditional update (rolledToId
// still null), so of two concurrent rolls one claims it and the other finds it taken: one successor.

const SUFFIX = " (rolled)";

/** The successor's name: the old one with " (rolled)", once, within the name limit. */
export function successorName(name: string): string {
  if (name.endsWith(SUFFIX)) return name;
  const room = NAME_MAX_LENGTH - SUFFIX.length;
  return [...name].slice(0, room).join("").trimEnd() + SUFFIX;
}

export async function rollApiKey(actor: Actor, input: RollApiKeyInput): Promise<{ apiKey: ApiKeyDto; plaintext: string; rolled: ApiKeyDto }> {
  const { workspaceId } = await authorize(actor, { apiKeyId: input.apiKeyId }, "key:write");
  const policy = await readKeyPolicy(workspaceId);
  const prisma = await db();
  const { plaintext, digest, hint } = generateApiKey();
  const created = keyCreated(digest);
  const newKeyId = newId("apiKey");
  const now = Date.now();
  const audit = await auditRecorder(actor);
  const result = await prisma.$transaction(async (tx) => {
    const old = await tx.apiKey.findUnique({ where: { id: input.apiKeyId, workspaceId }, select: apiKeySelect });
    if (!old) throw notFound("API key");
    if (old.rolledToId) throw new AppError("conflict", "This key was already rolled: roll its successor instead.");
    if (old.expiresAt && old.expiresAt.getTime() <= now) throw new AppError("conflict", "This key has expired: create a new key instead.");
    // The grace deadline never extends the old key's life.
    const graceEnds = new Date(Math.min(now + input.gracePeriod, old.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY));
    const claimed = await tx.apiKey.updateMany({
      where: { id: old.id, workspaceId, rolledToId: null },
      data: { rolledToId: newKeyId, expiresAt: graceEnds },
    });
    if (claimed.count !== 1) throw new AppError("conflict", "This key was already rolled: roll its successor instead.");
    const successor = await tx.apiKey.create({
      data: {
        id: newKeyId,
        workspaceId,
        resourceId: old.resourceId,
        name: successorName(old.name),
        digest,
        hint,
        expiresAt: successorExpiry(old, policy, now),
        permission: old.permission,
        createdById: actingUserId(actor),
      },
      select: apiKeySelect,
    });
    await audit(tx, {
      workspaceId,
      action: "api_key.rolled",
      object: { type: "api_key", id: old.id, name: old.name },
      details: { successorId: newKeyId, successorName: successor.name, graceEndsAt: graceEnds.toISOString(), resourceId: old.resourceId },
    });
    const moved = keyExpiryChanged(old.id, graceEnds);
    await notifyKeyEvent(tx, created);
    await notifyKeyEvent(tx, moved);
    const rolled = await tx.apiKey.findUniqueOrThrow({ where: { id: old.id }, select: apiKeySelect });
    return { successor, rolled, moved };
  });
  // Every verifier knows the new digest and the old key's deadline before the new key is shown.
  await settleKeyEvent(created);
  await settleKeyEvent(result.moved);
  return { apiKey: toDto(result.successor), plaintext, rolled: toDto(result.rolled) };
}
