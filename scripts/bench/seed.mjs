// Test data written straight into the database before the server starts: migrations first (the
// project's own migrate script), then a user with a password, a workspace, a project, two
// environments (one with 1,000 API keys, one with 5 for the CLI), a third with 50 keys for the
// Lighthouse run (./lighthouse.mjs) and a personal access token.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { hash } from "@node-rs/argon2";
import pg from "pg";
import { generateSecret, newId } from "./keys.mjs";

export const KEY_COUNT = 1000;
const CLI_KEY_COUNT = 5;
/** Issue 12, item 10: Lighthouse measures the API Keys tab of a resource with 50 keys. */
export const LIGHTHOUSE_KEY_COUNT = 50;

/** Applies the migrations with the same script `npm start` uses, for the database `env` names. */
export function migrate(root, env) {
  const result = spawnSync(
    process.execPath,
    ["--experimental-wasm-modules", "--no-warnings=ExperimentalWarning", "prisma/migrate.mjs"],
    { cwd: root, env, encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`migrations failed:\n${result.stdout}\n${result.stderr}`);
}

/** Runs `fn(query)` on the database `env` names, with `query(sql, params)` for PGlite or pg. */
export async function withDatabase(env, fn) {
  if (env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      return await fn((sql, params) => client.query(sql, params));
    } finally {
      await client.end();
    }
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const db = new PGlite(path.join(env.PLATFORM_DATA_DIR, "pglite"));
  await db.waitReady;
  try {
    return await fn((sql, params) => db.query(sql, params));
  } finally {
    await db.close(); // a clean close, or the server's open would run crash recovery
  }
}

async function insertKeys(query, { workspaceId, resourceId, userId }, count, namePrefix) {
  const keys = Array.from({ length: count }, () => generateSecret("pcsk_"));
  const start = Date.now() - count * 1000;
  for (let from = 0; from < count; from += 100) {
    const chunk = keys.slice(from, from + 100);
    const params = [];
    const rows = chunk.map((key, i) => {
      const n = from + i;
      params.push(newId("key"), workspaceId, resourceId, `${namePrefix}-${n}`, key.digest, key.hint, userId);
      params.push(new Date(start + n * 1000).toISOString());
      const b = params.length - 8;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}::timestamptz)`;
    });
    await query(
      `INSERT INTO "ApiKey" ("id", "workspaceId", "resourceId", "name", "digest", "hint", "createdById", "createdAt")
       VALUES ${rows.join(", ")}`,
      params,
    );
  }
  return keys;
}

/**
 * Seeds one database. Returns what the benchmark needs: ids, the sign-in credentials, the access
 * token, a valid key and the digests of every key (for the baseline server's Map).
 */
export async function seed(env) {
  const email = `bench-${Date.now()}@example.com`;
  const password = `bench-${Date.now()}-password`;
  // argon2id with the Console's parameters (lib/server/password.ts).
  const passwordHash = await hash(password, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const ids = {
    userId: newId("usr"),
    workspaceId: newId("wksp"),
    projectId: newId("proj"),
    resourceId: newId("env"),
    cliResourceId: newId("env"),
    lighthouseResourceId: newId("env"),
  };
  const token = generateSecret("pcpat_");
  return withDatabase(env, async (query) => {
    await query(`INSERT INTO "User" ("id", "email", "name", "passwordHash") VALUES ($1, $2, $3, $4)`, [
      ids.userId, email, "Bench User", passwordHash,
    ]);
    await query(`INSERT INTO "Workspace" ("id", "name") VALUES ($1, $2)`, [ids.workspaceId, "Bench"]);
    await query(`INSERT INTO "Membership" ("id", "userId", "workspaceId", "role") VALUES ($1, $2, $3, 'ADMIN')`, [
      newId("mbr"), ids.userId, ids.workspaceId,
    ]);
    await query(`INSERT INTO "Project" ("id", "workspaceId", "name") VALUES ($1, $2, $3)`, [
      ids.projectId, ids.workspaceId, "Bench project",
    ]);
    for (const [id, name] of [[ids.resourceId, "Production"], [ids.cliResourceId, "CLI"], [ids.lighthouseResourceId, "Lighthouse"]]) {
      await query(
        `INSERT INTO "Resource" ("id", "workspaceId", "projectId", "kind", "name") VALUES ($1, $2, $3, 'ENVIRONMENT', $4)`,
        [id, ids.workspaceId, ids.projectId, name],
      );
    }
    await query(
      `INSERT INTO "AccessToken" ("id", "kind", "userId", "name", "digest", "hint", "createdById")
       VALUES ($1, 'PERSONAL', $2, $3, $4, $5, $2)`,
      [newId("tok"), ids.userId, "bench", token.digest, token.hint],
    );
    const keys = await insertKeys(query, { ...ids, resourceId: ids.resourceId }, KEY_COUNT, "bench-key");
    const cliKeys = await insertKeys(query, { ...ids, resourceId: ids.cliResourceId }, CLI_KEY_COUNT, "cli-key");
    // Names as people write them (a long one, too), not the bench's short sequence.
    await insertKeys(query, { ...ids, resourceId: ids.lighthouseResourceId }, LIGHTHOUSE_KEY_COUNT, "preview-branch-feature-checkout-redesign");
    return {
      ...ids,
      email,
      password,
      token: token.plaintext,
      validKey: keys[KEY_COUNT - 1].plaintext,
      digests: [...keys, ...cliKeys].map((key) => key.digest),
    };
  });
}

/** A throwaway PostgreSQL database on the local server; returns its URL and a drop function. */
export async function createPostgresDatabase(adminUrl) {
  const name = `platform_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
  return { url: url.toString(), name, drop };
}
