import { routeHandlers } from "@/lib/server/api/methods";
import { apiRoute, ok, pathId } from "@/lib/server/api/route";
import { getResourceUsage } from "@/lib/server/data/usage";
import { resourceIdSchema } from "@/lib/schemas/common";

/** GET /api/v1/environments/{id}/usage?from=&to=&keyId=: what the gateway recorded (counts, times, shapes). */
const read = apiRoute(async ({ actor, request, params }) => {
  const resourceId = pathId(params.id, resourceIdSchema, "Resource");
  // The data layer validates the parameters (usageQuerySchema): unknown or bad ones are a 422.
  return ok(await getResourceUsage(actor, resourceId, Object.fromEntries(new URL(request.url).searchParams)));
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers({ GET: read });
