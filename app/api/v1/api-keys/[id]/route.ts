import { routeHandlers } from "@/lib/server/api/methods";
import { apiRoute, ok, pathId } from "@/lib/server/api/route";
import { deleteApiKey } from "@/lib/server/data/api-keys";
import { apiKeyIdSchema } from "@/lib/schemas/common";

/** DELETE /api/v1/api-keys/{id}: 200 with the deleted key, which stops verifying at once. */
const remove = apiRoute(async ({ actor, params }) => {
  return ok(await deleteApiKey(actor, { apiKeyId: pathId(params.id, apiKeyIdSchema, "API key") }));
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers({ DELETE: remove });
