// The caller's network address, for rate limits. Request headers are the client's to write, so
// the address comes from a header that our own HTTP server (scripts/server.mjs) sets on every
// request, overwriting whatever the client sent: the socket's peer address, or, when
// PLATFORM_TRUST_PROXY=1 says a reverse proxy in front appends to X-Forwarded-For, its last entry
// (lib/gateway/http.ts clientAddressOf).
export const CLIENT_ADDRESS_HEADER = "x-platform-client-ip";

export function clientAddressOf(headers: Headers): string {
  return headers.get(CLIENT_ADDRESS_HEADER) || "unknown";
}
