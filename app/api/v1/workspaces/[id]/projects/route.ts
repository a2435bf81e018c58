import { decodePosition, paginationOf, readPageQuery } from "@/lib/server/api/pagination";
import { routeHandlers } from "@/lib/server/api/methods";
import { apiRoute, created, paged, pathId } from "@/lib/server/api/route";
import { createProjectBody } from "@/lib/server/api/schemas";
import { createProject, listProjectsPage } from "@/lib/server/data/projects";
import { workspaceIdSchema } from "@/lib/schemas/common";

/** GET /api/v1/workspaces/{id}/projects: a workspace's projects, oldest first. */
const list = apiRoute(async ({ actor, request, params }) => {
  const workspaceId = pathId(params.id, workspaceIdSchema, "Workspace");
  const { cursor, limit } = readPageQuery(request);
  const page = await listProjectsPage(actor, workspaceId, { after: decodePosition(cursor, "project"), limit });
  return paged(page.items, paginationOf(page));
});

/** POST /api/v1/workspaces/{id}/projects with {name}: 201 with the project. */
const create = apiRoute(async ({ actor, params, body }) => {
  const workspaceId = pathId(params.id, workspaceIdSchema, "Workspace");
  const input = await body(createProjectBody);
  return created(await createProject(actor, { ...input, workspaceId }));
}, { idempotent: {} });

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers({ GET: list, POST: create });
