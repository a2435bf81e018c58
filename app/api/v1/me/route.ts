import { describeCaller } from "@/lib/server/api/me";
import { apiRoute, ok } from "@/lib/server/api/route";

/** GET /api/v1/me: the user (or the workspace, for a service token) the token stands for. */
export const GET = apiRoute(async ({ actor, tokenId }) => ok(await describeCaller(actor, tokenId)));
