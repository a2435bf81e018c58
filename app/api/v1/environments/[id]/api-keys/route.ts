import { readPageQuery } from "@/lib/server/api/pagination";
import { routeHandlers } from "@/lib/server/api/methods";
import { apiRoute, created, paged, pathId } from "@/lib/server/api/route";
import { createApiKeyBody } from "@/lib/server/api/schemas";
import { createApiKey, listApiKeys } from "@/lib/server/data/api-keys";
import { resourceIdSchema } from "@/lib/schemas/common";

/** GET /api/v1/environments/{id}/api-keys: newest first; hints only, never a key's value. */
const list = apiRoute(async ({ actor, request, params }) => {
  const resourceId = pathId(params.id, resourceIdSchema, "Resource");
  const { cursor, limit } = readPageQuery(request);
  // The data layer validates the cursor (a ZodError there is a 422 like any other).
  const page = await listApiKeys(actor, { resourceId, cursor, limit });
  return paged(page.items, { nextCursor: page.nextCursor, hasMore: page.hasMore });
});

/**
 * POST /api/v1/environments/{id}/api-keys with {name}: 201; `value` is the key, shown this once. With
 * an Idempotency-Key, a retry answers the same key again, without its value.
 */
const create = apiRoute(async ({ actor, params, body }) => {
  const resourceId = pathId(params.id, resourceIdSchema, "Resource");
  const input = await body(createApiKeyBody);
  const { apiKey, plaintext } = await createApiKey(actor, { ...input, resourceId });
  return created({ ...apiKey, value: plaintext });
}, { idempotent: { secretField: "value" } });

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers({ GET: list, POST: create });
