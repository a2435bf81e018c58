import { routeHandlers } from "@/lib/server/api/methods";
import { apiRoute, created, pathId } from "@/lib/server/api/route";
import { rollApiKeyBody } from "@/lib/server/api/schemas";
import { rollApiKey } from "@/lib/server/data/api-key-roll";
import { apiKeyIdSchema } from "@/lib/schemas/common";

/**
 * POST /api/v1/api-keys/{id}/roll with {"gracePeriod": "24h"}: 201 with the successor (`value` shown
 * this once) and `rolled`, the old key with its grace deadline. A key already rolled is a 409.
 */
const roll = apiRoute(async ({ actor, params, body }) => {
  const apiKeyId = pathId(params.id, apiKeyIdSchema, "API key");
  const { gracePeriod } = await body(rollApiKeyBody);
  const { apiKey, plaintext, rolled } = await rollApiKey(actor, { apiKeyId, gracePeriod });
  return created({ ...apiKey, value: plaintext, rolled });
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers({ POST: roll });
