import { decodePosition, paginationOf, readPageQuery } from "@/lib/server/api/pagination";
import { routeHandlers } from "@/lib/server/api/methods";
import { apiRoute, created, paged, pathId } from "@/lib/server/api/route";
import { createEnvironmentBody } from "@/lib/server/api/schemas";
import { createResource, listResourcesPage } from "@/lib/server/data/resources";
import { projectIdSchema } from "@/lib/schemas/common";

/** GET /api/v1/projects/{id}/environments: the project's environments and databases, oldest first. */
const list = apiRoute(async ({ actor, request, params }) => {
  const projectId = pathId(params.id, projectIdSchema, "Project");
  const { cursor, limit } = readPageQuery(request);
  const after = decodePosition(cursor, "environment", "database");
  const page = await listResourcesPage(actor, projectId, { after, limit });
  return paged(page.items, paginationOf(page));
});

/** POST /api/v1/projects/{id}/environments with {name, kind?}: 201 with the new resource. */
const create = apiRoute(async ({ actor, params, body }) => {
  const projectId = pathId(params.id, projectIdSchema, "Project");
  const input = await body(createEnvironmentBody);
  return created(await createResource(actor, { ...input, projectId }));
}, { idempotent: {} });

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers({ GET: list, POST: create });
