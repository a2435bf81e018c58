import type { Metadata } from "next";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { PageHeader } from "@/components/page-header";
import { RenameButton } from "@/components/rename-button";
import { formatDate } from "@/lib/format";
import { can, ROLE_LABELS } from "@/lib/permissions";
import { getWorkspace, listMembers } from "@/lib/server/data/workspaces";
import { loadOrNotFound } from "@/lib/server/page-data";
import { pageActor } from "@/lib/server/session";

export const metadata: Metadata = { title: "Workspace settings" };

export default async function WorkspaceSettingsPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const actor = await pageActor();
  const workspace = await loadOrNotFound(getWorkspace(actor, workspaceId));
  const members = await listMembers(actor, workspaceId);
  return (
    <>
      <Breadcrumbs
        items={[
          { label: "Workspaces", href: "/?all=1" },
          { label: workspace.name, href: `/${workspaceId}` },
          { label: "Settings" },
        ]}
      />
      <PageHeader
        eyebrow="Workspace settings"
        title={workspace.name}
        actions={can(workspace.role, "workspace:admin") ? <RenameButton target={{ type: "workspace", id: workspace.id, name: workspace.name }} /> : undefined}
      />
      <section className="rounded-xl bg-white shadow-sm ring-1 ring-zinc-900/10">
        <div className="border-b border-zinc-200 px-5 py-4">
          <h2 className="text-sm font-semibold text-zinc-900">Members</h2>
          <p className="mt-0.5 text-sm text-zinc-500">
            Admins manage everything; Developers manage projects, resources and keys; Viewers read without seeing any secret;
            Billing has no project access.
          </p>
        </div>
        <ul className="divide-y divide-zinc-100">
          {members.map((member) => (
            <li key={member.userId} className="flex flex-wrap items-center justify-between gap-2 px-5 py-3">
              <div className="min-w-0">
                <p className="truncate text-sm font-medium text-zinc-900">{member.name}</p>
                <p className="truncate text-sm text-zinc-500">{member.email}</p>
              </div>
              <div className="flex items-center gap-3 text-sm text-zinc-500">
                <span className="rounded-full bg-zinc-100 px-2.5 py-0.5 text-xs font-medium text-zinc-700">
                  {ROLE_LABELS[member.role]}
                </span>
                <span className="hidden sm:inline">joined {formatDate(member.joinedAt)}</span>
              </div>
            </li>
          ))}
        </ul>
      </section>
      <p className="mt-4 text-xs text-zinc-500">
        Workspace id <code className="rounded bg-zinc-100 px-1 py-0.5 font-mono">{workspace.id}</code>
      </p>
    </>
  );
}
