// The verifier's database access: one indexed lookup by digest, in plain SQL, over whatever speaks
// `query(text, params)`: a node-postgres Pool (PostgreSQL) or the PGlite instance (embedded). No
// ORM on the hot path. The table and column names are those of prisma/schema.prisma's migrations.

export interface Queryable {
  query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
}

export type KeyRecord = {
  keyId: string;
  resourceId: string;
  resourceKind: "database" | "environment";
  projectId: string;
  workspaceId: string;
  /** Epoch milliseconds; updated in memory when a use is recorded (see ./last-use.ts). */
  lastUsedAt: number | null;
  /** Epoch milliseconds from which the key fails verification; null: never. Checked on every use. */
  expiresAt: number | null;
  permission: "read-write" | "read-only";
};

type KeyRow = {
  id: string;
  resourceId: string;
  workspaceId: string;
  projectId: string;
  kind: string;
  lastUsedAt: Date | string | null;
  expiresAt: Date | string | null;
  permission: string;
};

const FIND_BY_DIGEST = `
  SELECT k."id", k."resourceId", k."workspaceId", k."lastUsedAt", k."expiresAt", k."permission"::text AS "permission", r."projectId", r."kind"::text AS "kind"
  FROM "ApiKey" k JOIN "Resource" r ON r."id" = k."resourceId"
  WHERE k."digest" = $1`;

export async function findKeyByDigest(database: Queryable, digest: string): Promise<KeyRecord | null> {
  const { rows } = await database.query<KeyRow>(FIND_BY_DIGEST, [digest]);
  const row = rows[0];
  if (!row) return null;
  return {
    keyId: row.id,
    resourceId: row.resourceId,
    resourceKind: row.kind === "DATABASE" ? "database" : "environment",
    projectId: row.projectId,
    workspaceId: row.workspaceId,
    lastUsedAt: row.lastUsedAt === null ? null : new Date(row.lastUsedAt).getTime(),
    expiresAt: row.expiresAt === null ? null : new Date(row.expiresAt).getTime(),
    // Anything but the one known write grant is read-only: an unknown value never widens a key.
    permission: row.permission === "READ_WRITE" ? "read-write" : "read-only",
  };
}

// One statement per batch; the condition keeps it at one write per key per minute even when
// several processes record the same key.
const TOUCH_LAST_USED = `
  UPDATE "ApiKey" SET "lastUsedAt" = $2::timestamptz
  WHERE "id" = ANY($1::text[])
    AND ("lastUsedAt" IS NULL OR "lastUsedAt" <= $2::timestamptz - interval '1 minute')`;

export async function touchLastUsed(database: Queryable, keyIds: string[], at: Date): Promise<void> {
  if (keyIds.length > 0) await database.query(TOUCH_LAST_USED, [keyIds, at.toISOString()]);
}
