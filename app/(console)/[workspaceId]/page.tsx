import type { Metadata } from "next";
import Link from "next/link";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { EmptyState, PageHeader } from "@/components/page-header";
import { can, ROLE_LABELS } from "@/lib/permissions";
import { listProjects } from "@/lib/server/data/projects";
import { getWorkspace } from "@/lib/server/data/workspaces";
import { loadOrNotFound } from "@/lib/server/page-data";
import { pageTitle, workspaceName } from "@/lib/server/page-titles";
import { pageActor } from "@/lib/server/session";
import { countOf, formatDate, formatDateTime } from "@/lib/format";
import { countKeyNudges } from "@/lib/server/data/key-nudges";
import { CreateProjectButton } from "./_components/create-project-button";
import { KeyNudgeCounts } from "./_components/key-nudge-counts";

export async function generateMetadata({ params }: { params: Promise<{ workspaceId: string }> }): Promise<Metadata> {
  return { title: pageTitle(await workspaceName((await params).workspaceId), "Projects") };
}

export default async function WorkspacePage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const actor = await pageActor();
  const workspace = await loadOrNotFound(getWorkspace(actor, workspaceId));
  const canSeeProjects = can(workspace.role, "project:read");
  const [projects, nudges] = canSeeProjects
    ? await Promise.all([listProjects(actor, workspaceId), countKeyNudges(actor, workspaceId)])
    : [[], null];
  const canWrite = can(workspace.role, "project:write");
  return (
    <>
      <Breadcrumbs items={[{ label: "Workspaces", href: "/?all=1" }, { label: workspace.name }]} />
      <PageHeader
        eyebrow="Workspace"
        title={workspace.name}
        description={`Your role: ${ROLE_LABELS[workspace.role]}`}
        actions={
          <>
            <Link
              href={`/${workspaceId}/settings`}
              className="inline-flex h-10 items-center rounded-md bg-white px-4 text-sm font-medium text-zinc-800 shadow-sm ring-1 ring-zinc-300 ring-inset hover:bg-zinc-50"
            >
              Settings
            </Link>
            {can(workspace.role, "workspace:admin") && (
              <Link
                href={`/${workspaceId}/audit-log`}
                className="inline-flex h-10 items-center rounded-md bg-white px-4 text-sm font-medium text-zinc-800 shadow-sm ring-1 ring-zinc-300 ring-inset hover:bg-zinc-50"
              >
                Audit log
              </Link>
            )}
            {canWrite && <CreateProjectButton workspaceId={workspaceId} />}
          </>
        }
      />
      {nudges && <KeyNudgeCounts counts={nudges} workspaceId={workspaceId} />}
      <div className="mb-3 flex items-baseline gap-2">
        <h2 className="text-sm font-semibold text-zinc-900">Projects</h2>
        {canSeeProjects && (
          <span className="text-sm text-zinc-500" data-testid="project-count">
            {countOf(projects.length, "project")}
          </span>
        )}
      </div>
      {!canSeeProjects ? (
        <EmptyState title="Billing access only">Your role gives access to billing, not to projects.</EmptyState>
      ) : projects.length === 0 ? (
        <EmptyState title="No projects yet" action={canWrite ? <CreateProjectButton workspaceId={workspaceId} /> : undefined}>
          A project groups the databases and environments of one application.
        </EmptyState>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {projects.map((project) => (
            <li key={project.id}>
              <Link
                href={`/${workspaceId}/${project.id}`}
                className="block rounded-xl bg-white p-5 shadow-sm ring-1 ring-zinc-900/10 transition hover:ring-indigo-300"
              >
                <p className="font-medium text-zinc-900 [overflow-wrap:anywhere]">{project.name}</p>
                <p className="mt-1 text-sm text-zinc-500">
                  {project.resourceCount} {project.resourceCount === 1 ? "resource" : "resources"} · created{" "}
                  <time dateTime={project.createdAt} title={formatDateTime(project.createdAt)}>
                    {formatDate(project.createdAt)}
                  </time>
                </p>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
