// `platform audit show`: one page of a workspace's audit log. The filters are checked with the
// Console's own schema (lib/schemas/audit-log.ts) before any request, and sent as the REST list's
// query parameters (GET /workspaces/{id}/audit-log), which the server checks with the same schema.
import { idChecker } from "@/lib/ids";
import { client, isJson, print, required, segment, type Context, type Handler } from "./context";
import { UsageError } from "./errors";
import { json, records, table, type Row } from "./output";
import { flagLabel } from "./specs";

const workspaceIdSchema = idChecker("workspace");

/** Flag → the filter schema's key. */
const FILTER_FLAGS = {
  action: "action",
  actor: "actor",
  "object-type": "objectType",
  object: "objectId",
  from: "from",
  to: "to",
  limit: "limit",
  cursor: "cursor",
} as const;

export type AuditEntry = {
  id: string;
  createdAt: string;
  action: string;
  actor: { type: string; userId: string | null; name: string | null; email: string | null; tokenId: string | null; tokenName: string | null };
  object: { type: string; id: string | null; name: string | null };
  path: string;
  address: string | null;
  userAgent: string | null;
  details: Record<string, unknown> | null;
};

type Page = { data: AuditEntry[]; pagination?: { nextCursor?: string | null; hasMore?: boolean } };

/** The flags as the filter's input; a value the shared schema refuses is a usage error naming its flag. */
async function filterQuery(ctx: Context): Promise<Record<string, string>> {
  const query: Record<string, string> = {};
  for (const [flag, key] of Object.entries(FILTER_FLAGS)) {
    const value = ctx.values[flag];
    if (value !== undefined) query[key] = String(value);
  }
  const { auditLogFilterSchema } = await import("@/lib/schemas/audit-log");
  const parsed = auditLogFilterSchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flagName = Object.entries(FILTER_FLAGS).find(([, key]) => key === issue.path[0])?.[0] ?? "to";
    const flag = ctx.command.flags.find((candidate) => candidate.name === flagName)!;
    throw new UsageError(`Invalid ${flagLabel(flag)} parameter: ${issue.message}`);
  }
  return query;
}

function actorLabel(actor: AuditEntry["actor"]): string {
  const person = actor.name && actor.email ? `${actor.name} <${actor.email}>` : (actor.email ?? actor.name ?? actor.userId);
  const token = actor.tokenId ? `token ${actor.tokenName ?? ""} (${actor.tokenId})`.replace("token  (", "token (") : null;
  switch (actor.type) {
    case "system":
      return "system";
    case "anonymous":
      return `unknown (signing in as ${actor.email ?? "?"})`;
    case "service_token":
      return `service ${token ?? "token"}${person ? `, created by ${person}` : ""}`;
    default:
      return token ? `${person} with ${token}` : (person ?? "unknown");
  }
}

export function auditRows(entry: AuditEntry): Row[] {
  const object = [entry.object.type, entry.object.id, entry.object.name ? JSON.stringify(entry.object.name) : null].filter(Boolean).join(" ");
  return [
    ["action", entry.action],
    ["id", entry.id],
    ["at", entry.createdAt],
    ["actor", actorLabel(entry.actor)],
    ["object", object],
    ["path", entry.path],
    ["address", entry.address ?? undefined],
    ["userAgent", entry.userAgent ?? undefined],
    ["details", entry.details ? JSON.stringify(entry.details) : undefined],
  ];
}

export const auditHandlers: Record<string, Handler> = {
  async "audit show"(ctx) {
    const workspace = required(ctx, "workspace", workspaceIdSchema);
    const query = await filterQuery(ctx);
    const api = client(ctx);
    const page = await api.request<Page>("GET", `/workspaces/${segment(workspace)}/audit-log`, { query });
    if (!Array.isArray(page?.data)) throw new UsageError("Unexpected answer from the Console: a list was expected.");
    print(ctx, isJson(ctx) ? json(page.data) : records(page.data.map((entry) => table(auditRows(entry), ctx.io.color))));
    const next = page.pagination?.hasMore ? page.pagination.nextCursor : null;
    if (next) ctx.io.stderr(`More entries: add --cursor ${next}\n`);
  },
};
