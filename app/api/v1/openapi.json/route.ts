import { routeHandlers } from "@/lib/server/api/methods";
import { openApiDocument } from "@/lib/server/api/openapi";

/** GET /api/v1/openapi.json: public, like the API's documentation. */
async function read() {
  return Response.json(openApiDocument(), { headers: { "Cache-Control": "no-store" } });
}

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers({ GET: read });
