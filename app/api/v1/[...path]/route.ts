import { NO_STORE } from "@/lib/server/api/errors";

// Any /api/v1 path that no route matches: a JSON error in the API's shape rather than Next's HTML
// 404 page, so scripts and the CLI get a message they can show. (Not an endpoint: the OpenAPI
// document leaves it out.)
function unknownPath(request: Request): Response {
  const { pathname } = new URL(request.url);
  return Response.json(
    {
      error: {
        code: "resource-not-found",
        message: `There is no API endpoint ${request.method} ${pathname}.`,
        hint: "See GET /api/v1/openapi.json for the endpoints.",
      },
    },
    { status: 404, headers: NO_STORE },
  );
}

export const GET = unknownPath;
export const POST = unknownPath;
export const PUT = unknownPath;
export const PATCH = unknownPath;
export const DELETE = unknownPath;
// Not Next.js's own HEAD (GET's) and OPTIONS (204 with an Allow header): no path here has methods.
export const HEAD = unknownPath;
export const OPTIONS = unknownPath;
