import { openApiDocument } from "@/lib/server/api/openapi";

/** GET /api/v1/openapi.json: public, like the API's documentation. */
export function GET() {
  return Response.json(openApiDocument(), { headers: { "Cache-Control": "no-store" } });
}
