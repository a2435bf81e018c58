import type { Metadata } from "next";
import { DeleteByNameButton } from "@/components/delete-by-name-button";
import { RenameButton } from "@/components/rename-button";
import { formatDate } from "@/lib/format";
import { can } from "@/lib/permissions";
import { DecryptionError } from "@/lib/secrets/connection-encryption";
import type { Actor } from "@/lib/server/authz";
import { getResourceConnection } from "@/lib/server/data/resource-connections";
import { getResource } from "@/lib/server/data/resources";
import { getWorkspace } from "@/lib/server/data/workspaces";
import { loadOrNotFound } from "@/lib/server/page-data";
import { pageActor } from "@/lib/server/session";
import { CONNECTION_SAVED_PARAMETER } from "@/lib/settings-url";
import { DatabaseConnectionCard, type StoredConnection } from "./_components/database-connection-card";

export const metadata: Metadata = { title: "Resource settings" };

/** The stored connection as the card shows it; a string this server's key cannot decrypt says so. */
async function loadConnection(actor: Actor, resourceId: string): Promise<StoredConnection> {
  try {
    const connection = await loadOrNotFound(getResourceConnection(actor, resourceId));
    return connection ? { state: "set", connection } : { state: "none" };
  } catch (error) {
    if (error instanceof DecryptionError) return { state: "unreadable", message: error.message };
    throw error;
  }
}

export default async function ResourceSettingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string; resourceId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { workspaceId, resourceId } = await params;
  const justSaved = (await searchParams)[CONNECTION_SAVED_PARAMETER] === "saved";
  const actor = await pageActor();
  const [workspace, resource, connection] = await Promise.all([
    loadOrNotFound(getWorkspace(actor, workspaceId)),
    loadOrNotFound(getResource(actor, resourceId)),
    loadConnection(actor, resourceId),
  ]);
  const canChange = can(workspace.role, "project:write");
  const rows: [string, React.ReactNode][] = [
    ["Name", resource.name],
    ["Kind", resource.kind === "database" ? "Database" : "Environment"],
    ["Id", <code key="id" className="font-mono text-xs">{resource.id}</code>],
    ["Created", formatDate(resource.createdAt)],
  ];
  return (
    <div className="space-y-6">
    <section className="rounded-xl bg-white shadow-sm ring-1 ring-zinc-900/10">
      <div className="flex items-center justify-between gap-4 border-b border-zinc-200 px-5 py-4">
        <h2 className="text-sm font-semibold text-zinc-900">General</h2>
        {canChange && (
          <div className="flex gap-2">
            {/* Destructive last. */}
            <RenameButton target={{ type: "resource", id: resource.id, name: resource.name }} />
            <DeleteByNameButton
              target={{ type: "resource", id: resource.id, name: resource.name, apiKeyCount: resource.apiKeyCount }}
              afterDelete={`/${workspaceId}/${resource.projectId}`}
            />
          </div>
        )}
      </div>
      <dl className="divide-y divide-zinc-100">
        {rows.map(([label, value]) => (
          <div key={label} className="grid grid-cols-3 gap-4 px-5 py-3 text-sm">
            <dt className="text-zinc-500">{label}</dt>
            <dd className="col-span-2 break-all text-zinc-900">{value}</dd>
          </div>
        ))}
      </dl>
      <p className="border-t border-zinc-100 px-5 py-3 text-xs text-zinc-500" data-testid="cli-hint">
        List its API keys with the CLI: <code className="font-mono break-all">npx platform apikey show -e {resource.id}</code>
        {resource.kind === "database" && (
          // ANCHORS.md: `-e/--environment` takes any resource id; the flag keeps the name Prisma's CLI gave it.
          <>
            {" "}
            (<code className="font-mono">-e</code> takes any resource&apos;s id, a database&apos;s too; its long form keeps the
            name <code className="font-mono">--environment</code> from Prisma&apos;s CLI).
          </>
        )}
      </p>
    </section>
    <DatabaseConnectionCard resourceId={resource.id} stored={connection} canChange={canChange} justSaved={justSaved && canChange} />
    </div>
  );
}
