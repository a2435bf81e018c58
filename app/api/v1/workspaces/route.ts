import { decodePosition, paginationOf, readPageQuery } from "@/lib/server/api/pagination";
import { routeHandlers } from "@/lib/server/api/methods";
import { apiRoute, paged } from "@/lib/server/api/route";
import { listWorkspacesPage } from "@/lib/server/data/workspaces";

/** GET /api/v1/workspaces: the caller's workspaces (a service token's: its own), oldest first. */
const list = apiRoute(async ({ actor, request }) => {
  const { cursor, limit } = readPageQuery(request);
  const page = await listWorkspacesPage(actor, { after: decodePosition(cursor, "workspace"), limit });
  return paged(page.items, paginationOf(page));
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers({ GET: list });
