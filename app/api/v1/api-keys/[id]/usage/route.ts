import { routeHandlers } from "@/lib/server/api/methods";
import { apiRoute, ok, pathId } from "@/lib/server/api/route";
import { getKeyUsage } from "@/lib/server/data/usage";
import { apiKeyIdSchema } from "@/lib/schemas/common";

/** GET /api/v1/api-keys/{id}/usage?from=&to=: one key's usage. */
const read = apiRoute(async ({ actor, request, params }) => {
  const apiKeyId = pathId(params.id, apiKeyIdSchema, "API key");
  return ok(await getKeyUsage(actor, apiKeyId, Object.fromEntries(new URL(request.url).searchParams)));
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers({ GET: read });
