// Drives Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm) through a
// driver adapter, because Prisma's CLI would download a native engine for `migrate`. The files it
// reads and writes are Prisma's standard migration history, so `prisma migrate deploy` works too.
// Node 20 needs --experimental-wasm-modules to import the engine (see package.json scripts).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SchemaEngine } from "@prisma/schema-engine-wasm";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { resolveDatabaseTarget } from "../lib/server/database-target.mjs";
import { crashRecoveryMessage, pgliteShutdownState } from "../lib/server/pglite-recovery.mjs";

export const prismaDir = path.dirname(fileURLToPath(import.meta.url));
export const schemaPath = path.join(prismaDir, "schema.prisma");
export const migrationsDir = path.join(prismaDir, "migrations");
export const noFilters = { externalTables: [], externalEnums: [] };

export function readSchema() {
  return fs.readFileSync(schemaPath, "utf8");
}

/** The migration history as the engine wants it, read from prisma/migrations. */
export function readMigrationList() {
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  const directories = fs.existsSync(migrationsDir)
    ? fs
        .readdirSync(migrationsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: "migration_lock.toml",
      content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: directories.map((name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: fs.existsSync(file)
            ? { tag: "ok", value: fs.readFileSync(file, "utf8") }
            : { tag: "error", value: `${file} is missing` },
        },
      };
    }),
  };
}

/**
 * Opens an adapter factory for a target. `memory` forces a throwaway in-memory PGlite, which is
 * what creating a migration uses as its shadow database.
 */
export async function openAdapterFactory(target) {
  if (target.kind === "postgres") {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const { default: pg } = await import("pg");
    // Our own pool, so that closing it lets the process exit at once instead of after the
    // pool's idle timeout.
    const pool = new pg.Pool({ connectionString: target.url, max: 2 });
    return { factory: new PrismaPg(pool), close: () => pool.end() };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  if (target.dataDir) fs.mkdirSync(target.dataDir, { recursive: true });
  // At `npm start` this is the first to open the folder, so it is the one that says so after a crash.
  const before = target.dataDir ? pgliteShutdownState(target.dataDir) : null;
  const pglite = target.dataDir ? new PGlite(target.dataDir) : new PGlite();
  await pglite.waitReady;
  if (before && !before.clean) console.warn(crashRecoveryMessage(target.dataDir, before));
  return { factory: new PrismaPGlite(pglite), close: () => pglite.close() };
}

export async function openSchemaEngine(factory) {
  const log = () => {};
  return SchemaEngine.new(
    { datamodels: [[schemaPath, readSchema()]] },
    log,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
}

/** Applies every migration not yet recorded in the target's _prisma_migrations table. */
export async function applyMigrations(env = process.env) {
  const target = resolveDatabaseTarget(env);
  const { factory, close } = await openAdapterFactory(target);
  try {
    const engine = await openSchemaEngine(factory);
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: readMigrationList(),
      filters: noFilters,
    });
    return { target, appliedMigrationNames };
  } finally {
    await close();
  }
}
