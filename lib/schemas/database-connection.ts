import { z } from "zod";
import { resourceIdSchema } from "./common";

// A resource's database connection: a PostgreSQL connection string, as the Console form, the server
// action, the REST API (`connectionString`) and the CLI (`--connection-string`) accept it. One schema
// for all of them; `describeConnection` is what may be shown afterwards (never the password).

export const CONNECTION_STRING_MAX_LENGTH = 2048;

// Parameters that would make the server read files of its own disk (TLS material by path) or hand
// the connection to something other than the host in the string.
const REFUSED_PARAMETERS = ["sslcert", "sslkey", "sslrootcert", "sslcrl", "passfile", "service", "servicefile", "host", "hostaddr"];

export type ConnectionDescription = {
  host: string;
  port: number;
  /** The database name. */
  name: string;
  user: string;
};

function parse(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** The problem with a candidate connection string, in words a user can act on; null if it is fine. */
export function connectionStringProblem(value: string): string | null {
  if (!/^postgres(ql)?:\/\//i.test(value)) return "Use a PostgreSQL connection string: postgresql://user:password@host:5432/database.";
  if (/^postgres(ql)?:\/\/([^@/?#]*@)?([/:?#]|$)/i.test(value)) return "Add the database server's host: postgresql://user:password@host:5432/database.";
  const url = parse(value);
  if (!url) return "This is not a valid connection string (check characters such as @, : or / in the password: percent-encode them).";
  if (!url.hostname) return "Add the database server's host: postgresql://user:password@host:5432/database.";
  // Reserved (RFC 6761): never resolves. The demo's embedded database is named under it (lib/demo/embedded.ts).
  if (/(^|\.)invalid\.?$/i.test(url.hostname)) return "A host under .invalid never resolves: use the database server's real host name or address.";
  if (url.port !== "" && (Number(url.port) < 1 || Number(url.port) > 65535)) return "The port must be between 1 and 65535.";
  if (!url.username) return "Add the database user: postgresql://user:password@host:5432/database.";
  const name = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (name === "" || name.includes("/")) return "Add the database name after the host: postgresql://user:password@host:5432/database.";
  for (const parameter of url.searchParams.keys()) {
    if (REFUSED_PARAMETERS.includes(parameter.toLowerCase())) return `The parameter "${parameter}" is not supported here.`;
  }
  return null;
}

/** Trimmed; postgres:// or postgresql://, with host, user and database. Messages never echo the value. */
export const connectionStringSchema = z
  .string({ error: "Enter a connection string." })
  .trim()
  .min(1, { error: "Enter a connection string." })
  .max(CONNECTION_STRING_MAX_LENGTH, { error: `Use at most ${CONNECTION_STRING_MAX_LENGTH} characters.` })
  .superRefine((value, context) => {
    const problem = connectionStringProblem(value);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

/** Where a create or an update sets the connection: a string, or null to remove it. */
export const connectionStringInputSchema = connectionStringSchema.nullable();

/** Host, port, database and user of a connection string; the password stays out. */
export function describeConnection(value: string): ConnectionDescription {
  const url = new URL(value);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port === "" ? 5432 : Number(url.port),
    name: decodeURIComponent(url.pathname.replace(/^\//, "")),
    user: decodeURIComponent(url.username),
  };
}

/** `user@host:port/name`, for messages and logs. */
export function connectionLabel(description: ConnectionDescription): string {
  const host = description.host.includes(":") ? `[${description.host}]` : description.host;
  return `${description.user}@${host}:${description.port}/${description.name}`;
}

export const setResourceConnectionSchema = z.strictObject({ resourceId: resourceIdSchema, connectionString: connectionStringSchema });
export type SetResourceConnectionInput = z.infer<typeof setResourceConnectionSchema>;

export const removeResourceConnectionSchema = z.strictObject({ resourceId: resourceIdSchema });
export type RemoveResourceConnectionInput = z.infer<typeof removeResourceConnectionSchema>;

/** Tests the stored connection, or a candidate string before it is saved. */
export const testResourceConnectionSchema = z.strictObject({ resourceId: resourceIdSchema, connectionString: connectionStringSchema.optional() });
export type TestResourceConnectionInput = z.infer<typeof testResourceConnectionSchema>;
