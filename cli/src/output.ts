// Output as the anchor printed it: each record as aligned `key : value` rows, the name first (bold
// on a terminal), then the id, dates as dates; records separated by a blank line; `No records found.`
// for an empty list; `Success! <Type> <name> - <id> created.` after a change. --json prints the
// API's data instead, as one JSON document.
import { oneLine } from "./errors";

export type Row = [label: string, value: string | null | undefined];

const dateFormat = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

/** A date as the Console shows it ("Nov 27, 2026", UTC); "Never" for null. */
export function formatDate(value: unknown, never = "Never"): string {
  if (value === null || value === undefined || value === "") return never;
  const date = new Date(String(value));
  return Number.isNaN(date.getTime()) ? oneLine(String(value)) : dateFormat.format(date);
}

export const bold = (text: string, color: boolean) => (color ? `\u001b[1m${text}\u001b[22m` : text);
export const green = (text: string, color: boolean) => (color ? `\u001b[32m${text}\u001b[39m` : text);
const dim = (text: string, color: boolean) => (color ? `\u001b[2m${text}\u001b[22m` : text);

/** Rows with a value, keys padded to one width. The first row's value (the name) is bold. */
export function table(rows: Row[], color: boolean): string {
  const shown = rows.filter((row): row is [string, string] => row[1] !== null && row[1] !== undefined);
  const width = Math.max(0, ...shown.map(([label]) => label.length));
  return shown
    .map(([label, value], index) => {
      const text = oneLine(value);
      return `${dim(label.padEnd(width), color)} : ${index === 0 ? bold(text, color) : text}`;
    })
    .join("\n");
}

export function records(tables: string[]): string {
  return tables.length === 0 ? "No records found." : tables.join("\n\n");
}

export function success(message: string, color: boolean): string {
  return `${green("Success!", color)} ${oneLine(message)}`;
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

// The objects of the API (see the contract) and how each prints.
export type Workspace = { id: string; name: string; role?: string; createdAt?: string };
export type Project = { id: string; workspaceId?: string; name: string; createdAt?: string; resourceCount?: number };
export type Resource = {
  id: string;
  workspaceId?: string;
  projectId?: string;
  projectName?: string;
  kind?: string;
  name: string;
  createdAt?: string;
  apiKeyCount?: number;
  /** The database connection's description (the API never sends the string itself). */
  database?: DatabaseDescription | null;
};
export type DatabaseDescription = { host: string; port: number; name: string; user: string };
export type ConnectionTest =
  | { ok: true; serverVersion: string; latencyMs: number; connectMs: number; database: DatabaseDescription }
  | { ok: false; message: string; database: DatabaseDescription };
export type ApiKey = {
  id: string;
  resourceId?: string;
  name: string;
  hint?: string;
  createdAt?: string;
  lastUsedAt?: string | null;
  expiresAt?: string | null;
  permission?: string;
  rolledToId?: string | null;
  createdBy?: unknown;
  value?: string;
  rolled?: ApiKey;
};
export type Me =
  | { type: "user"; id: string; email: string; name?: string | null; tokenId?: string }
  | { type: "service"; tokenId?: string; workspaceId: string };

/** `user@host:port/database` (IPv6 hosts in brackets), as the Console labels a connection. */
export function connectionLabel(database: DatabaseDescription): string {
  const host = database.host.includes(":") ? `[${database.host}]` : database.host;
  return oneLine(`${database.user}@${host}:${database.port}/${database.name}`);
}

const count = (value: number | undefined) => (typeof value === "number" ? String(value) : undefined);

function person(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return value;
  const object = value as { name?: unknown; email?: unknown; id?: unknown };
  const name = typeof object.name === "string" && object.name ? object.name : undefined;
  const email = typeof object.email === "string" ? object.email : undefined;
  if (name && email) return `${name} <${email}>`;
  return name ?? email ?? (typeof object.id === "string" ? object.id : undefined);
}

/** An expiry as the list shows it: the instant, and "(expired)" once it has passed. */
export function expiry(value: string | null, now = Date.now()): string {
  if (value === null) return "Never";
  return Date.parse(value) <= now ? `${value} (expired)` : value;
}

export const rows = {
  workspace: (w: Workspace): Row[] => [
    ["name", w.name],
    ["id", w.id],
    ["role", w.role],
    ["createdAt", w.createdAt && formatDate(w.createdAt)],
  ],
  project: (p: Project): Row[] => [
    ["name", p.name],
    ["id", p.id],
    ["createdAt", p.createdAt && formatDate(p.createdAt)],
    ["resources", count(p.resourceCount)],
  ],
  resource: (r: Resource): Row[] => [
    ["name", r.name],
    ["id", r.id],
    ["kind", r.kind],
    ["project", r.projectName],
    ["createdAt", r.createdAt && formatDate(r.createdAt)],
    ["apiKeys", count(r.apiKeyCount)],
    ["database", r.database ? connectionLabel(r.database) : undefined],
  ],
  apiKey: (k: ApiKey): Row[] => [
    ["name", k.name],
    ["id", k.id],
    ["hint", k.hint],
    ["createdAt", k.createdAt && formatDate(k.createdAt)],
    ["lastUsedAt", formatDate(k.lastUsedAt)],
    ["expiresAt", k.expiresAt === undefined ? undefined : expiry(k.expiresAt)],
    ["permission", k.permission],
    ["rolledTo", k.rolledToId ?? undefined],
    ["createdBy", person(k.createdBy)],
  ],
  me: (me: Me, token?: string): Row[] =>
    me.type === "service"
      ? [
          ["type", "service token"],
          ["workspaceId", me.workspaceId],
          ["tokenId", me.tokenId],
          ["token", token],
        ]
      : [
          ["name", me.name ?? me.email],
          ["id", me.id],
          ["email", me.email],
          ["tokenId", me.tokenId],
          ["token", token],
        ],
};

/** Type word for success messages: Environment or Database, by the resource's kind. */
export function resourceType(kind: string | undefined): string {
  return kind === "database" ? "Database" : "Environment";
}
