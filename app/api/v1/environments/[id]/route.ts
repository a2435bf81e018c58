import { routeHandlers } from "@/lib/server/api/methods";
import { apiRoute, ok, pathId } from "@/lib/server/api/route";
import { updateEnvironmentBody } from "@/lib/server/api/schemas";
import { deleteResource, getResource, updateResource } from "@/lib/server/data/resources";
import { resourceIdSchema } from "@/lib/schemas/common";

// Environments and databases are both "resources" in the data layer; their ids say which.

/** GET /api/v1/environments/{id} */
const read = apiRoute(async ({ actor, params }) => {
  return ok(await getResource(actor, pathId(params.id, resourceIdSchema, "Resource")));
});

/**
 * PATCH /api/v1/environments/{id} with {name?, connectionString?}: renames it and/or sets, replaces
 * or (null) removes its database connection. The answer describes the connection, never holds it.
 */
const update = apiRoute(async ({ actor, params, body }) => {
  const resourceId = pathId(params.id, resourceIdSchema, "Resource");
  const input = await body(updateEnvironmentBody);
  return ok(await updateResource(actor, { ...input, resourceId }));
});

/** DELETE /api/v1/environments/{id}: deletes it with its API keys; 200 with the deleted resource. */
const remove = apiRoute(async ({ actor, params }) => {
  return ok(await deleteResource(actor, { resourceId: pathId(params.id, resourceIdSchema, "Resource") }));
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers({ GET: read, PATCH: update, DELETE: remove });
