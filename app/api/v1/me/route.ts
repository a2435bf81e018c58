import { describeCaller } from "@/lib/server/api/me";
import { routeHandlers } from "@/lib/server/api/methods";
import { apiRoute, ok } from "@/lib/server/api/route";

/** GET /api/v1/me: the user (or the workspace, for a service token) the token stands for. */
const read = apiRoute(async ({ actor, tokenId }) => ok(await describeCaller(actor, tokenId)));

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers({ GET: read });
