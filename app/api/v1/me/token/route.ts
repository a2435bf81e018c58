import { apiRoute, ok } from "@/lib/server/api/route";
import { revokeAccessToken } from "@/lib/server/data/access-tokens";

/** DELETE /api/v1/me/token: the token revokes itself (`platform auth logout`). */
export const DELETE = apiRoute(async ({ tokenId }) => {
  await revokeAccessToken(tokenId);
  return ok({ revoked: true });
});
