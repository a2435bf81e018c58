import { routeHandlers } from "@/lib/server/api/methods";
import { apiRoute, ok } from "@/lib/server/api/route";
import { revokeAccessToken } from "@/lib/server/data/access-tokens";

/** DELETE /api/v1/me/token: the token revokes itself (`platform auth logout`). */
const remove = apiRoute(async ({ actor, tokenId }) => {
  await revokeAccessToken(actor, tokenId);
  return ok({ revoked: true });
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers({ DELETE: remove });
