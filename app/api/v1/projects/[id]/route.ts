import { routeHandlers } from "@/lib/server/api/methods";
import { apiRoute, ok, pathId } from "@/lib/server/api/route";
import { renameProjectBody } from "@/lib/server/api/schemas";
import { deleteProject, getProject, renameProject } from "@/lib/server/data/projects";
import { projectIdSchema } from "@/lib/schemas/common";

/** GET /api/v1/projects/{id} */
const read = apiRoute(async ({ actor, params }) => {
  return ok(await getProject(actor, pathId(params.id, projectIdSchema, "Project")));
});

/** PATCH /api/v1/projects/{id} with {name}: renames the project. */
const rename = apiRoute(async ({ actor, params, body }) => {
  const projectId = pathId(params.id, projectIdSchema, "Project");
  const input = await body(renameProjectBody);
  return ok(await renameProject(actor, { ...input, projectId }));
});

/** DELETE /api/v1/projects/{id}: deletes it with its environments and keys; 200 with the project. */
const remove = apiRoute(async ({ actor, params }) => {
  return ok(await deleteProject(actor, { projectId: pathId(params.id, projectIdSchema, "Project") }));
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers({ GET: read, PATCH: rename, DELETE: remove });
