// `npm run db:migrate`: applies pending migrations to the database DATABASE_URL names (the
// embedded PGlite when unset). The start script runs this before the server opens the database.
import { applyMigrations } from "./schema-engine.mjs";

try {
  const { target, appliedMigrationNames } = await applyMigrations();
  const applied = appliedMigrationNames.length;
  console.log(
    applied === 0
      ? `Database is up to date (${target.label}).`
      : `Applied ${applied} migration${applied === 1 ? "" : "s"} to ${target.label}: ${appliedMigrationNames.join(", ")}`,
  );
} catch (error) {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
// The schema engine leaves a timer behind that would keep the process alive for ten more seconds.
process.exit(0);
