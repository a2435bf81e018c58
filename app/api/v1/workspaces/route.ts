import { decodePosition, paginationOf, readPageQuery } from "@/lib/server/api/pagination";
import { apiRoute, paged } from "@/lib/server/api/route";
import { listWorkspacesPage } from "@/lib/server/data/workspaces";

/** GET /api/v1/workspaces: the caller's workspaces (a service token's: its own), oldest first. */
export const GET = apiRoute(async ({ actor, request }) => {
  const { cursor, limit } = readPageQuery(request);
  const page = await listWorkspacesPage(actor, { after: decodePosition(cursor, "workspace"), limit });
  return paged(page.items, paginationOf(page));
});
