import { defineConfig } from "prisma/config";

// Only `prisma generate` runs through Prisma's CLI here; migrations are created and applied by
// scripts/db/*.mjs with Prisma's schema engine compiled to WebAssembly (see README, "Database").
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
