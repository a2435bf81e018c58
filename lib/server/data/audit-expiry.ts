import "server-only";
import { db } from "../db";
import { SYSTEM_ACTOR, writeAudit, type AuditChange } from "./audit-log";

// "api_key.expired". An expiry is not a request: nobody acts when `expiresAt` passes (every
// verifier compares it on every use, lib/gateway). So the entry is written afterwards, by the
// system, dated at the instant the key stopped working (`createdAt` = `expiresAt`), at most once
// per key (its dedupeKey is unique), by whichever comes first:
//   - the Console's periodic sweep (lib/server/audit/sweeper.ts, every minute);
//   - reading the audit log of the key's workspace (listAuditLog catches up first);
//   - deleting the key (its "expired" entry is written before its "deleted" one).
// So an expiry is in the log at most a minute after the instant, and always when the log is read.
// Keys deleted before their expiry never get one: they were deleted, and that is recorded.

type ExpiredKey = { id: string; name: string; resourceId: string; expiresAt: Date | null; rolledToId: string | null };

/** The entry saying `key` stopped working at its expiresAt. */
export function expiredChange(workspaceId: string, key: ExpiredKey): AuditChange {
  return {
    workspaceId,
    action: "api_key.expired",
    object: { type: "api_key", id: key.id, name: key.name },
    details: { resourceId: key.resourceId, expiresAt: key.expiresAt?.toISOString() ?? null, rolledToId: key.rolledToId },
    dedupeKey: `api_key.expired:${key.id}`,
    at: key.expiresAt ?? undefined,
  };
}

const BATCH = 500;

/**
 * Writes the missing "expired" entries of keys whose expiry has passed (of one workspace, or of
 * all); answers how many it wrote. Safe to run concurrently on several Console instances.
 */
export async function recordExpiredKeys(options: { workspaceId?: string; now?: Date } = {}): Promise<number> {
  const prisma = await db();
  const now = options.now ?? new Date();
  let written = 0;
  for (;;) {
    const keys = await prisma.$queryRaw<(ExpiredKey & { workspaceId: string })[]>`
      SELECT k.id, k.name, k."resourceId", k."workspaceId", k."expiresAt", k."rolledToId"
      FROM "ApiKey" k
      WHERE k."expiresAt" <= ${now}
        AND (${options.workspaceId ?? null}::text IS NULL OR k."workspaceId" = ${options.workspaceId ?? null})
        AND NOT EXISTS (SELECT 1 FROM "AuditLogEntry" a WHERE a."dedupeKey" = 'api_key.expired:' || k.id)
      ORDER BY k."expiresAt", k.id
      LIMIT ${BATCH}`;
    if (keys.length === 0) return written;
    const result = await writeAudit(prisma, SYSTEM_ACTOR, ...keys.map((key) => expiredChange(key.workspaceId, key)));
    written += result.count;
    if (keys.length < BATCH) return written;
  }
}
