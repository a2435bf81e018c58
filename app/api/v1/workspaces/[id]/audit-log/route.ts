import { readAuditFilter } from "@/lib/server/api/audit-log";
import { routeHandlers } from "@/lib/server/api/methods";
import { apiRoute, paged, pathId } from "@/lib/server/api/route";
import { listAuditLog } from "@/lib/server/data/audit-log-read";
import { workspaceIdSchema } from "@/lib/schemas/common";

/**
 * GET /api/v1/workspaces/{id}/audit-log: the workspace's audit log, newest first (Admins only),
 * filtered by ?actor=&action=&objectType=&objectId=&from=&to=, paginated by ?cursor=&limit=.
 */
const list = apiRoute(async ({ actor, request, params }) => {
  const workspaceId = pathId(params.id, workspaceIdSchema, "Workspace");
  const page = await listAuditLog(actor, workspaceId, readAuditFilter(request));
  return paged(page.items, { nextCursor: page.nextCursor, hasMore: page.hasMore });
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers({ GET: list });
