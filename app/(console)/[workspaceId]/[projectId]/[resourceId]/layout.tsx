import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { PageHeader } from "@/components/page-header";
import { ResourceKindBadge } from "@/components/resource-kind-badge";
import { getResource } from "@/lib/server/data/resources";
import { getWorkspace } from "@/lib/server/data/workspaces";
import { loadOrNotFound } from "@/lib/server/page-data";
import { pageActor } from "@/lib/server/session";
import { ResourceTabs } from "./_components/resource-tabs";

type Params = { workspaceId: string; projectId: string; resourceId: string };

export default async function ResourceLayout({ params, children }: { params: Promise<Params>; children: React.ReactNode }) {
  const { workspaceId, projectId, resourceId } = await params;
  const actor = await pageActor();
  const [workspace, resource] = await Promise.all([
    loadOrNotFound(getWorkspace(actor, workspaceId)),
    loadOrNotFound(getResource(actor, resourceId)),
  ]);
  if (resource.workspaceId !== workspace.id || resource.projectId !== projectId) notFound();
  const base = `/${workspaceId}/${projectId}/${resourceId}`;
  return (
    <>
      <Breadcrumbs
        items={[
          { label: "Workspaces", href: "/?all=1" },
          { label: workspace.name, href: `/${workspaceId}` },
          { label: resource.projectName, href: `/${workspaceId}/${projectId}` },
          { label: resource.name },
        ]}
      />
      <PageHeader eyebrow={<ResourceKindBadge kind={resource.kind} />} title={resource.name} />
      <ResourceTabs
        tabs={[
          { label: "API Keys", href: `${base}/api-keys` },
          { label: "Queries", href: `${base}/queries` },
          { label: "Settings", href: `${base}/settings` },
        ]}
      />
      <div className="pt-6">{children}</div>
    </>
  );
}
