import "server-only";
import { ApiError, errorResponse, NO_STORE } from "./errors";
import type { RouteContext } from "./route";

// The methods of an /api/v1 route, from the one place that knows them: the handlers its file
// passes to routeHandlers(). Next.js answers a method a route file does not export with a bare
// 405 (no Allow header, no body) and OPTIONS with an Allow header of its own; here every route
// file exports every method Next.js routes, so that:
//   - a method the route implements runs its handler (HEAD runs GET's; the server sends no body);
//   - OPTIONS answers 204 with `Allow` (no authentication: the list is in the public document too);
//   - any other method answers 405 with `Allow` and the API's error body, code `method-not-allowed`.
// TRACE, TRACK and CONNECT never reach Next.js (scripts/server.mjs answers them).

export const ROUTE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];

type Handler = (request: Request, context?: RouteContext) => Promise<Response>;

/** The `Allow` value of a route implementing `methods`: plus HEAD with GET, plus OPTIONS. */
export function allowHeader(methods: readonly RouteMethod[]): string {
  const allowed = new Set<string>(methods);
  if (allowed.has("GET")) allowed.add("HEAD");
  allowed.add("OPTIONS");
  return [...allowed].sort().join(", ");
}

function methodNotAllowed(allow: string): Handler {
  return async (request) =>
    errorResponse(
      new ApiError(
        "method-not-allowed",
        `${request.method} is not allowed on ${new URL(request.url).pathname}.`,
        `This endpoint accepts ${allow}; see GET /api/v1/openapi.json.`,
        { Allow: allow },
      ),
    );
}

/** Every method Next.js routes, for `export const { GET, HEAD, … } = routeHandlers({ … })`. */
export function routeHandlers(handlers: Partial<Record<RouteMethod, Handler>>) {
  const allow = allowHeader(ROUTE_METHODS.filter((method) => handlers[method]));
  const refuse = methodNotAllowed(allow);
  const OPTIONS: Handler = async () => new Response(null, { status: 204, headers: { Allow: allow, ...NO_STORE } });
  return {
    GET: handlers.GET ?? refuse,
    HEAD: handlers.GET ?? refuse,
    POST: handlers.POST ?? refuse,
    PUT: handlers.PUT ?? refuse,
    PATCH: handlers.PATCH ?? refuse,
    DELETE: handlers.DELETE ?? refuse,
    OPTIONS,
  };
}
