import "server-only";
import type { SortOrder } from "@/lib/keys/api-key-order";
import type { ApiKeyCursor } from "@/lib/schemas/api-key";
import type { Prisma } from "@/lib/generated/prisma/client";

// The API Keys list's orders as Prisma orderBy and keyset conditions: (sort value, id) in the
// order asked for, so that pages never skip or repeat a key. Keys never used sort as the least
// recently used: last when the most recent come first, first the other way round.

export function apiKeyOrderBy(sort: ApiKeyCursor["sort"], order: SortOrder): Prisma.ApiKeyOrderByWithRelationInput[] {
  if (sort === "name") return [{ name: order }, { id: order }];
  if (sort === "lastUsed") return [{ lastUsedAt: { sort: order, nulls: order === "desc" ? "last" : "first" } }, { id: order }];
  return [{ createdAt: order }, { id: order }];
}

/** The keys after `cursor` in that order. */
export function afterCursor(cursor: ApiKeyCursor, order: SortOrder): Prisma.ApiKeyWhereInput {
  const past = order === "asc" ? "gt" : "lt";
  const id = { [past]: cursor.id };
  if (cursor.sort === "created") return { OR: [{ createdAt: { [past]: cursor.createdAt } }, { createdAt: cursor.createdAt, id }] };
  if (cursor.sort === "name") return { OR: [{ name: { [past]: cursor.name } }, { name: cursor.name, id }] };
  const at = cursor.lastUsedAt;
  if (order === "desc") {
    // Most recent first, never used last.
    return at === null
      ? { lastUsedAt: null, id }
      : { OR: [{ lastUsedAt: { lt: at } }, { lastUsedAt: at, id }, { lastUsedAt: null }] };
  }
  // Never used first, then the longest unused.
  return at === null
    ? { OR: [{ lastUsedAt: null, id }, { lastUsedAt: { not: null } }] }
    : { OR: [{ lastUsedAt: { gt: at } }, { lastUsedAt: at, id }] };
}
