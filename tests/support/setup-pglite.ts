import fs from "node:fs";
import path from "node:path";
import { embeddedPglite } from "@/lib/server/db";

// Every test file gets a fresh in-memory PGlite; the migration history is applied to it as-is.
const migrationsDir = path.resolve(import.meta.dirname, "../../prisma/migrations");

if (process.env.DATABASE_URL !== "memory://") {
  throw new Error("The pglite project must run with DATABASE_URL=memory://.");
}

const pglite = await embeddedPglite();
if (!pglite) throw new Error("DATABASE_URL=memory:// did not open an embedded PGlite.");

const migrations = fs
  .readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
for (const name of migrations) {
  await pglite.exec(fs.readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8"));
}
