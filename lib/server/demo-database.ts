import "server-only";
import crypto from "node:crypto";
import pg from "pg";
import { EMBEDDED_DEMO_CONNECTION } from "@/lib/demo/embedded";
import { seedStorefront } from "@/lib/demo/storefront";
import type { resolveDatabaseTarget } from "./database-target.mjs";

type DatabaseTarget = ReturnType<typeof resolveDatabaseTarget>;

// Where the demo's storefront-db runs its queries (the seed, lib/server/seed-demo.ts):
// - the Console on PGlite: the embedded demo database (a second PGlite in the data folder, held by
//   the process serving the gateway: lib/gateway/demo-database.ts), named by a marker string;
// - the Console on PostgreSQL: a separate database `<console db>_demo` on the same server, owned by
//   a role of its own (`<console db>_demo`, random password, no other privilege), seeded here with
//   the storefront. That role reaches none of the Console's tables: they live in another database,
//   and it holds no privilege on them. Needs a Console user with CREATEDB and CREATEROLE (or a
//   superuser); without, storefront-db simply gets no connection and the log says why.
// Idempotent: an existing demo database and role are reused (the role gets a new password, since
// only the Console's encrypted copy of the string knows it), and the storefront is seeded only once.

const MAX_IDENTIFIER = 63;

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The SCRAM-SHA-256 verifier of a password (RFC 5802/7677, as PostgreSQL stores it), so that the
 * CREATE/ALTER ROLE statement carries no plaintext password into the server's statement log.
 */
export function scramSha256Verifier(password: string, salt = crypto.randomBytes(16), iterations = 4096): string {
  const salted = crypto.pbkdf2Sync(password.normalize("NFKC"), salt, iterations, 32, "sha256");
  const hmac = (key: Buffer, text: string) => crypto.createHmac("sha256", key).update(text).digest();
  const storedKey = crypto.createHash("sha256").update(hmac(salted, "Client Key")).digest();
  const serverKey = hmac(salted, "Server Key");
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

/** `<console db>_demo`, within PostgreSQL's 63-byte identifiers. */
export function demoDatabaseName(consoleUrl: string): string {
  const name = decodeURIComponent(new URL(consoleUrl).pathname.replace(/^\//, "")) || "postgres";
  return `${Buffer.from(name).subarray(0, MAX_IDENTIFIER - 5).toString("utf8").replace(/\uFFFD+$/, "")}_demo`;
}

/** Creates (or reuses) `<db>_demo` and its role, seeds the storefront, returns its connection string. */
export async function provisionPostgresDemoDatabase(consoleUrl: string): Promise<string> {
  const name = demoDatabaseName(consoleUrl);
  const password = crypto.randomBytes(24).toString("base64url");
  const admin = new pg.Client({ connectionString: consoleUrl, connectionTimeoutMillis: 5_000, application_name: "platform-console-seed" });
  admin.on("error", () => {});
  await admin.connect();
  try {
    const role = quoteIdentifier(name);
    const verifier = scramSha256Verifier(password);
    const { rows: roles } = await admin.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [name]);
    await admin.query(
      roles.length === 0
        ? `CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD '${verifier}'`
        : `ALTER ROLE ${role} LOGIN PASSWORD '${verifier}'`,
    );
    const { rows: databases } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (databases.length === 0) {
      const { rows } = await admin.query<{ rolsuper: boolean }>("SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
      // A non-superuser may only give a database to a role it is a member of.
      if (!rows[0]?.rolsuper) await admin.query(`GRANT ${role} TO CURRENT_USER`);
      await admin.query(`CREATE DATABASE ${role} OWNER ${role}`);
    }
    // Only its owner (and superusers) may connect to the demo database.
    await admin.query(`REVOKE ALL ON DATABASE ${role} FROM PUBLIC`);
  } finally {
    await admin.end().catch(() => {});
  }

  const url = new URL(consoleUrl);
  url.username = encodeURIComponent(name);
  url.password = password;
  url.pathname = `/${encodeURIComponent(name)}`;
  const demo = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 5_000, application_name: "platform-console-seed" });
  demo.on("error", () => {});
  await demo.connect();
  try {
    await seedStorefront({ exec: (sql) => demo.query(sql), query: <Row,>(sql: string) => demo.query(sql) as unknown as Promise<{ rows: Row[] }> });
  } finally {
    await demo.end().catch(() => {});
  }
  return url.toString();
}

/** storefront-db's connection string for this Console database, or null (and a log line) if it cannot have one. */
export async function demoDatabaseConnection(target: DatabaseTarget): Promise<string | null> {
  if (target.kind === "pglite") return EMBEDDED_DEMO_CONNECTION;
  try {
    const url = await provisionPostgresDemoDatabase(target.url);
    console.log(`[platform-console] storefront-db runs on the demo database ${demoDatabaseName(target.url)} (its own role) on the Console's PostgreSQL server.`);
    return url;
  } catch (error) {
    // pg's messages name the statement's problem, never a parameter; the password is not in them.
    console.warn(
      `[platform-console] storefront-db gets no database connection: creating its demo database ${demoDatabaseName(target.url)} failed ` +
        `(${error instanceof Error ? error.message : String(error)}). The Console's database user needs CREATEDB and CREATEROLE; ` +
        "or create a database yourself and set it on storefront-db's Settings tab.",
    );
    return null;
  }
}
