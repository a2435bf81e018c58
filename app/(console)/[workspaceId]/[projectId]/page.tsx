import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { EmptyState, PageHeader } from "@/components/page-header";
import { ResourceKindBadge } from "@/components/resource-kind-badge";
import { formatDate } from "@/lib/format";
import { can } from "@/lib/permissions";
import { getProject } from "@/lib/server/data/projects";
import { listResources } from "@/lib/server/data/resources";
import { getWorkspace } from "@/lib/server/data/workspaces";
import { loadOrNotFound } from "@/lib/server/page-data";
import { pageTitle, projectName } from "@/lib/server/page-titles";
import { pageActor } from "@/lib/server/session";
import { ProjectActions } from "./_components/project-actions";

export async function generateMetadata({ params }: { params: Promise<{ projectId: string }> }): Promise<Metadata> {
  return { title: pageTitle(await projectName((await params).projectId), "Project") };
}

export default async function ProjectPage({ params }: { params: Promise<{ workspaceId: string; projectId: string }> }) {
  const { workspaceId, projectId } = await params;
  const actor = await pageActor();
  const [workspace, project] = await Promise.all([
    loadOrNotFound(getWorkspace(actor, workspaceId)),
    loadOrNotFound(getProject(actor, projectId)),
  ]);
  // A project of another of the user's workspaces under this workspace's URL is not found here.
  if (project.workspaceId !== workspace.id) notFound();
  const resources = await listResources(actor, projectId);
  const canWrite = can(workspace.role, "project:write");
  return (
    <>
      <Breadcrumbs
        items={[
          { label: "Workspaces", href: "/?all=1" },
          { label: workspace.name, href: `/${workspaceId}` },
          { label: project.name },
        ]}
      />
      <PageHeader
        eyebrow="Project"
        title={project.name}
        description="Select a database or an environment to manage its API keys."
        actions={
          canWrite ? (
            <ProjectActions workspaceId={workspaceId} project={{ id: project.id, name: project.name }} />
          ) : undefined
        }
      />
      {resources.length === 0 ? (
        <EmptyState title="No resources yet">Add a database or an environment to create API keys for it.</EmptyState>
      ) : (
        <ul className="overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-zinc-900/10 divide-y divide-zinc-100">
          {resources.map((resource) => (
            <li key={resource.id}>
              <Link
                href={`/${workspaceId}/${projectId}/${resource.id}/api-keys`}
                className="flex items-center justify-between gap-4 px-5 py-4 transition hover:bg-zinc-50"
              >
                <div className="flex min-w-0 items-center gap-3">
                  <ResourceKindBadge kind={resource.kind} />
                  <span className="min-w-0 font-medium text-zinc-900 [overflow-wrap:anywhere]">{resource.name}</span>
                </div>
                <span className="shrink-0 text-sm text-zinc-500">
                  {resource.apiKeyCount} {resource.apiKeyCount === 1 ? "key" : "keys"}
                  <span className="hidden sm:inline"> · created {formatDate(resource.createdAt)}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
