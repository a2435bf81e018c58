// What every command handler works with: its parsed flags checked against the Console's own
// schemas, the API client built from --url/--token, and printing. Shared by commands.ts and
// connection-commands.ts.
import { ApiClient } from "./api";
import type { Values } from "./args";
import { resolveCredentials, resolveUrl } from "./config";
import { UsageError } from "./errors";
import type { Io } from "./io";
import { flagLabel, type CommandSpec } from "./specs";

export type Context = { io: Io; values: Values; command: CommandSpec };
export type Handler = (ctx: Context) => Promise<void>;

/** What flagValue needs of a schema: zod's safeParse, or the zod-free id checkers. */
export type Checker<T> = {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { message: string }[] } };
};

// Flags whose value a message must never repeat: a name is the user's own text, and a connection
// string holds a password.
const NOT_ECHOED = new Set(["name", "connection-string"]);

export function flagValue<T>(ctx: Context, name: string, schema: Checker<T>, raw: unknown = ctx.values[name]): T | undefined {
  if (raw === undefined) return undefined;
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const flag = ctx.command.flags.find((candidate) => candidate.name === name)!;
  const shown = String(raw).length > 40 ? `${String(raw).slice(0, 40)}…` : String(raw);
  const echo = NOT_ECHOED.has(name) ? "" : ` ${JSON.stringify(shown)}`;
  throw new UsageError(`Invalid ${flagLabel(flag)} parameter${echo}: ${result.error.issues[0]?.message ?? "invalid value"}`);
}

export function required<T>(ctx: Context, name: string, schema: Checker<T>): T {
  const value = flagValue(ctx, name, schema);
  if (value === undefined) throw new UsageError(`Missing ${flagLabel(ctx.command.flags.find((f) => f.name === name)!)} parameter`);
  return value;
}

export function baseUrl(ctx: Context): string {
  const url = resolveUrl(ctx.values.url as string | undefined, ctx.io);
  const { hostname, protocol } = new URL(url);
  if (protocol === "http:" && !["localhost", "127.0.0.1", "[::1]"].includes(hostname) && !hostname.endsWith(".localhost")) {
    ctx.io.stderr(`Warning: ${url} is not https; the access token is sent unencrypted.\n`);
  }
  return url;
}

export function client(ctx: Context): ApiClient {
  // Flags are checked before the credentials, so a usage error never depends on the environment.
  const url = baseUrl(ctx);
  const { token } = resolveCredentials(ctx.values.token as string | undefined, ctx.io);
  return new ApiClient({ baseUrl: url, token });
}

export const print = (ctx: Context, text: string) => ctx.io.stdout(`${text}\n`);
export const isJson = (ctx: Context) => ctx.values.json === true;
export const segment = encodeURIComponent;

/** A name for `create` without --name: "<noun>-YYYYMMDD-xxxx". */
export function defaultName(noun: string, now = new Date()): string {
  const date = now.toISOString().slice(0, 10).replaceAll("-", "");
  const random = Math.floor(Math.random() * 36 ** 4)
    .toString(36)
    .padStart(4, "0");
  return `${noun}-${date}-${random}`;
}
