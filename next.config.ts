import type { NextConfig } from "next";
import { API_SECURITY_HEADERS } from "./lib/security-headers";

const nextConfig: NextConfig = {
  // PGlite ships 15 MB of WebAssembly and data files it loads from its own folder; bundling it
  // would break those paths and copy the files into every server chunk.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@node-rs/argon2", "pg"],
  poweredByHeader: false,
  // `next dev` logs each request's path and each server action's arguments: an invitation link's
  // path and an action's input can hold a one-time secret (or a password), so neither is logged.
  logging: {
    serverFunctions: false,
    incomingRequests: { ignore: [/\/invite\//, /\/verify-email\//, /\/reset-password\//, /\/login/, /\/signup/] },
  },
  typedRoutes: false,
  // Pages get their headers (and a per-request CSP nonce) from proxy.ts; /api/** gets these
  // (nosniff, referrer policy, no-store: API responses carry tenant data and sometimes secrets).
  async headers() {
    return [
      {
        source: "/api/:path*",
        headers: Object.entries(API_SECURITY_HEADERS).map(([key, value]) => ({ key, value })),
      },
    ];
  },
};

export default nextConfig;
