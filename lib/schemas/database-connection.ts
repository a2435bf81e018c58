import { z } from "zod";
import { CONNECTION_STRING_MAX_LENGTH, resourceIdSchema, TRIMMED } from "./common";

// A resource's database connection: a PostgreSQL connection string, as the Console form, the server
// action, the REST API (`connectionString`) and the CLI (`--connection-string`) accept it. One schema
// for all of them; `describeConnection` is what may be shown afterwards (never the password).

export { CONNECTION_STRING_MAX_LENGTH };

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

const NOT_A_CONNECTION_STRING =
  "This is not a valid connection string (check characters such as @, : or / in the password: percent-encode them).";

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
  // The user part is taken whenever an "@" comes before the path, so ":pw@h" is a missing user, not a missing host.
  if (/^postgres(ql)?:\/\/(?:(?=[^/?#]*@)[^@/?#]*@|(?![^/?#]*@))([/:?#]|$)/i.test(value)) return "Add the database server's host: postgresql://user:password@host:5432/database.";
  const url = parse(value);
  if (!url) return NOT_A_CONNECTION_STRING;
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

// The shape of a connection string as one expression (ECMA-262, `u` flag), which is also the
// OpenAPI document's `pattern`: surrounding whitespace (trimmed away), the scheme in any case, a user
// with an optional password, `@`, a host name or a bracketed IPv6 address, an optional port, `/` and
// the database name, optional `?parameters`; no whitespace, control character or `#` anywhere, and
// `@ / ? #` inside the user or password percent-encoded. The server also runs it (after the checks
// with specific messages below), so a string the document refuses is never stored; the document's
// description names the rules it cannot express (port range, refused parameters).
const UNSAFE = "\\s\\u0000-\\u001f\\u007f";
const ci = (word: string) => [...word].map((c) => `[${c}${c.toUpperCase()}]`).join("");
export const CONNECTION_STRING_PATTERN = new RegExp(
  [
    `^[${TRIMMED}]*`,
    `${ci("postgres")}(?:${ci("ql")})?://`,
    `[^${UNSAFE}:@/?#]+(?::[^${UNSAFE}@/?#]*)?@`,
    `(?:\\[[0-9A-Fa-f:.]+\\]|[^${UNSAFE}@/?#:\\[\\]]+)(?::[0-9]{1,5})?`,
    `/[^${UNSAFE}/?#]+`,
    `(?:\\?[^${UNSAFE}#]*)?`,
    `[${TRIMMED}]*$`,
  ].join(""),
  "u",
);

/** Trimmed; postgres:// or postgresql://, with host, user and database. Messages never echo the value. */
export const connectionStringSchema = z
  .string({ error: "Enter a connection string." })
  .trim()
  .min(1, { error: "Enter a connection string.", abort: true })
  .max(CONNECTION_STRING_MAX_LENGTH, { error: `Use at most ${CONNECTION_STRING_MAX_LENGTH} characters.`, abort: true })
  .superRefine((value, context) => {
    const problem = connectionStringProblem(value) ?? (CONNECTION_STRING_PATTERN.test(value) ? null : NOT_A_CONNECTION_STRING);
    if (problem) context.addIssue({ code: "custom", message: problem });
  })
  .meta({
    pattern: CONNECTION_STRING_PATTERN.source,
    writeOnly: true,
    description:
      "A PostgreSQL connection string, `postgresql://user:password@host:5432/database?sslmode=require`. Write-only: " +
      "stored encrypted and never returned (responses carry `database`: host, port, name and user). Whitespace at both " +
      "ends is trimmed; `@ : / ? #` in the user or password must be percent-encoded; the port is 1–65535; the parameters " +
      `${REFUSED_PARAMETERS.join(", ")} are refused. \`pattern\` is an ECMA-262 expression with the \`u\` flag.`,
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
