// Next.js 16 Proxy (the former middleware): security headers on every page response, with a fresh
// CSP nonce per request. The policy goes on the request headers as well as the response: Next.js
// reads the request copy while rendering and puts the nonce on its own inline and chunk scripts;
// the browser enforces the response copy. API routes are left to next.config.ts's headers().
import { NextResponse, type NextRequest } from "next/server";
import { REQUESTED_PATH_HEADER } from "@/lib/server/redirects";
import { createNonce, isHttpsRequest, pageSecurityHeaders } from "@/lib/security-headers";

export function proxy(request: NextRequest) {
  const nonce = createNonce();
  const headers = pageSecurityHeaders({
    nonce,
    dev: process.env.NODE_ENV === "development",
    https: isHttpsRequest(request),
  });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]!);
  // The page asked for, so that a signed-out visit can come back to it after sign-in
  // (lib/server/session.ts). Always overwritten: a client's own copy of the header never survives.
  requestHeaders.set(REQUESTED_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    {
      // Everything but the API, static assets, image optimisation and the icons. Link prefetches
      // are RSC payloads, never documents, so they skip the nonce work too.
      source: "/((?!api(?:/|$)|_next/static|_next/image|favicon\\.ico|icon\\.svg|apple-icon).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
