// A resource's database connection from the terminal: `environment update` (set, replace or remove
// it, and/or rename) and `environment test-connection`, plus the --connection-string flag that
// `environment create` shares. The string is checked with the Console's own schema before any
// request, `-` reads it from stdin (so it stays out of shell history and the process list), and no
// output ever contains it: the API answers with host, port, database and user only.
import { idChecker } from "@/lib/ids";
import { client, flagValue, isJson, print, required, segment, type Context, type Handler } from "./context";
import { CliError, UsageError } from "./errors";
import { connectionLabel, json, resourceType, success, type ConnectionTest, type Resource } from "./output";

const resourceIdSchema = idChecker("database", "environment");
const nameSchema = async () => (await import("@/lib/schemas/common")).nameSchema;
const connectionStringSchema = async () => (await import("@/lib/schemas/database-connection")).connectionStringSchema;

export const STDIN_PROMPT = "Connection string (input hidden): ";

/** --connection-string, from stdin for `-`, checked with the shared schema; undefined when not given. */
export async function connectionStringFlag(ctx: Context): Promise<string | undefined> {
  const raw = ctx.values["connection-string"];
  if (raw === undefined) return undefined;
  let value = String(raw);
  if (value === "-") {
    value = await ctx.io.readStdin(STDIN_PROMPT);
    if (value.trim() === "") {
      throw new UsageError("No connection string on stdin: pipe it in (`… --connection-string - < file`) or type it when asked.");
    }
  }
  return flagValue(ctx, "connection-string", await connectionStringSchema(), value);
}

/** The words after a change: where the connection now points, never the string itself. */
export function connectionNote(resource: Resource, changed: "set" | "removed" | null): string {
  if (changed === "removed") return " Database connection removed.";
  if (changed === "set" && resource.database) {
    return ` Database connection: ${connectionLabel(resource.database)} (stored encrypted; the password is not shown again).`;
  }
  return "";
}

export const connectionHandlers: Record<string, Handler> = {
  async "environment update"(ctx) {
    const id = required(ctx, "environment", resourceIdSchema);
    const name = flagValue(ctx, "name", await nameSchema());
    const remove = ctx.values["remove-connection"] === true;
    if (remove && ctx.values["connection-string"] !== undefined) {
      throw new UsageError("Use either --connection-string or --remove-connection, not both");
    }
    if (!remove && name === undefined && ctx.values["connection-string"] === undefined) {
      throw new UsageError("Nothing to update: give --connection-string, --remove-connection or --name");
    }
    const connectionString = remove ? null : await connectionStringFlag(ctx);
    const api = client(ctx);
    const resource = await api.patch<Resource>(`/environments/${segment(id)}`, {
      ...(name !== undefined ? { name } : {}),
      ...(connectionString !== undefined ? { connectionString } : {}),
    });
    if (isJson(ctx)) return print(ctx, json(resource));
    const changed = remove ? "removed" : connectionString !== undefined ? "set" : null;
    const type = resourceType(resource.kind ?? (id.startsWith("db_") ? "database" : "environment"));
    print(ctx, success(`${type} ${resource.name} - ${resource.id} updated.${connectionNote(resource, changed)}`, ctx.io.color));
  },

  async "environment test-connection"(ctx) {
    const id = required(ctx, "environment", resourceIdSchema);
    const api = client(ctx);
    const result = await api.postEmpty<ConnectionTest>(`/environments/${segment(id)}/connection/test`);
    if (isJson(ctx)) print(ctx, json(result));
    // An unreachable database is the API's answer, not its failure: one line on stderr, exit 1.
    if (!result.ok) throw new CliError(result.message);
    if (isJson(ctx)) return;
    const where = connectionLabel(result.database);
    const timing = `${result.latencyMs} ms round trip (${result.connectMs} ms to connect)`;
    print(ctx, success(`Connected to ${where}: PostgreSQL ${result.serverVersion}, ${timing}.`, ctx.io.color));
  },
};
