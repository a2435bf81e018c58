import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships 15 MB of WebAssembly and data files it loads from its own folder; bundling it
  // would break those paths and copy the files into every server chunk.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@node-rs/argon2", "pg"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
