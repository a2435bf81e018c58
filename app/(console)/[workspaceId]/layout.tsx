import { ContextSwitcher } from "@/components/shell/context-switcher";
import { can } from "@/lib/permissions";
import { AppError } from "@/lib/server/errors";
import { listProjects } from "@/lib/server/data/projects";
import { getWorkspace, listWorkspaces } from "@/lib/server/data/workspaces";
import { pageActor } from "@/lib/server/session";

// Every page of a workspace starts with the switcher (issue 12, item 8): the user's workspaces and
// this workspace's projects, for jumping sideways. A workspace the user cannot see gets no switcher
// here; the page itself answers 404 (inside the Console layout, like any other missing object), so
// a missing workspace and another tenant's look the same.
export default async function WorkspaceLayout({ params, children }: { params: Promise<{ workspaceId: string }>; children: React.ReactNode }) {
  const { workspaceId } = await params;
  const actor = await pageActor();
  const workspace = await getWorkspace(actor, workspaceId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "resource-not-found") return null;
    throw error;
  });
  if (!workspace) return children;
  const [workspaces, projects] = await Promise.all([
    listWorkspaces(actor),
    can(workspace.role, "project:read") ? listProjects(actor, workspaceId) : Promise.resolve(null),
  ]);
  return (
    <>
      <ContextSwitcher
        workspace={{ id: workspace.id, name: workspace.name }}
        workspaces={workspaces.map(({ id, name }) => ({ id, name }))}
        projects={projects?.map(({ id, name }) => ({ id, name })) ?? null}
      />
      {children}
    </>
  );
}
