import { routeHandlers } from "@/lib/server/api/methods";
import { apiRoute, ok, pathId } from "@/lib/server/api/route";
import { testConnectionBody } from "@/lib/server/api/schemas";
import { testResourceConnection } from "@/lib/server/data/resource-connections";
import { resourceIdSchema } from "@/lib/schemas/common";

/**
 * POST /api/v1/environments/{id}/connection/test: connects to the stored database (or, with
 * {connectionString}, to a candidate before it is saved) and answers 200 with
 * {ok: true, serverVersion, connectMs, latencyMs, database} or {ok: false, message, database}: an
 * unreachable database is a result, not an error. 422 when there is nothing to test.
 */
const test = apiRoute(async ({ actor, params, body }) => {
  const resourceId = pathId(params.id, resourceIdSchema, "Resource");
  const input = await body(testConnectionBody, { emptyIs: {} });
  return ok(await testResourceConnection(actor, { ...input, resourceId }));
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers({ POST: test });
