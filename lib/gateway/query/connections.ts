// Where a resource's queries go. The router hands over a verified key; its resource id is looked up
// through the injected ConnectionResolver, so nothing the client sends can pick another database.
import type { PGlite } from "@electric-sql/pglite";
import { connectionLabel, describeConnection, type ConnectionDescription } from "@/lib/schemas/database-connection";

export type ConnectionTarget =
  /** A PostgreSQL server, by connection string (it carries the password: never log it). */
  | { kind: "postgres"; url: string }
  /** A PGlite instance in this process (the embedded demo database; tests). */
  | { kind: "pglite"; pglite: PGlite; label: string };

/** resourceId → where its queries go; null: the resource has no database connection. */
export type ConnectionResolver = (resourceId: string) => Promise<ConnectionTarget | null>;

/** Thrown by a resolver that cannot answer (e.g. the Console's database is down): P6008, 503. */
export class ConnectionLookupError extends Error {
  constructor(cause: unknown) {
    super("The resource's database connection could not be read.", { cause });
    this.name = "ConnectionLookupError";
  }
}

const pgliteIds = new WeakMap<PGlite, number>();
let nextPgliteId = 1;

/** Equal for the same database; a changed connection string gives another pool. */
export function fingerprintOf(target: ConnectionTarget): string {
  if (target.kind === "postgres") return `postgres:${target.url}`;
  let id = pgliteIds.get(target.pglite);
  if (id === undefined) pgliteIds.set(target.pglite, (id = nextPgliteId++));
  return `pglite:${id}`;
}

export function describeTarget(target: ConnectionTarget): { label: string; description: ConnectionDescription | null } {
  if (target.kind === "pglite") return { label: target.label, description: null };
  const description = describeConnection(target.url);
  return { label: connectionLabel(description), description };
}

/**
 * A connection string as node-postgres should read it. libpq's `sslmode=require` and `prefer`
 * encrypt without verifying the certificate, while node-postgres would verify it; like Prisma's
 * own executor, we keep libpq's meaning. `schema` is Prisma's parameter (the schema tables live
 * in), passed to the adapter rather than to the server.
 */
export function normalizePostgresUrl(url: string): { connectionString: string; schema: string | undefined } {
  const parsed = new URL(url);
  const sslmode = parsed.searchParams.get("sslmode");
  if (sslmode === "prefer" || sslmode === "require") parsed.searchParams.set("sslmode", "no-verify");
  const schema = parsed.searchParams.get("schema") ?? undefined;
  parsed.searchParams.delete("schema");
  return { connectionString: parsed.toString(), schema };
}

// Anything that looks like a connection string, as Prisma's executor redacts them (utils/error.ts).
const CONNECTION_STRING = /['"`]?(postgres|postgresql|prisma\+postgres|prisma):\/\/[^\s'"`]+['"`]?/gi;

/** Removes connection strings and, when known, the password itself from a message. */
export function redact(message: string, password?: string): string {
  let out = message.replace(CONNECTION_STRING, "[redacted]");
  if (password && password.length >= 3) out = out.split(password).join("[redacted]");
  return out;
}

export function passwordOf(target: ConnectionTarget): string | undefined {
  if (target.kind !== "postgres") return undefined;
  try {
    return decodeURIComponent(new URL(target.url).password) || undefined;
  } catch {
    return undefined;
  }
}
