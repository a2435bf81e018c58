"use client";

import { useParams } from "next/navigation";
import { Menu, MenuContent, MenuLink, MenuSeparator, MenuTrigger } from "@/components/ui/menu";

// The shell's switcher (issue 12, item 8): the workspace and the project the user is in, each a
// menu to jump to another without walking back up the nested pages. The lists come from the
// workspace layout (server-rendered, scoped to the user's memberships); which project is current
// comes from the URL, so the layout does not re-render per project.

type Named = { id: string; name: string };

function Chevron() {
  return (
    <svg viewBox="0 0 16 16" className="size-4 shrink-0 text-zinc-500" aria-hidden="true">
      <path d="M4.5 6.5 8 10l3.5-3.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

const TRIGGER =
  "inline-flex h-9 min-w-0 max-w-[42vw] items-center gap-1.5 rounded-md px-2 text-sm font-medium text-zinc-900 hover:bg-zinc-100 data-[state=open]:bg-zinc-100 sm:max-w-xs";

export function ContextSwitcher({ workspaces, workspace, projects }: { workspaces: Named[]; workspace: Named; projects: Named[] | null }) {
  const params = useParams<{ projectId?: string }>();
  const project = projects?.find((candidate) => candidate.id === params.projectId) ?? null;
  return (
    <nav aria-label="Workspace and project" className="-mx-2 mb-4 flex min-w-0 items-center gap-1">
      <Menu>
        <MenuTrigger className={TRIGGER} aria-label={`Workspace: ${workspace.name}. Switch workspace`}>
          <span className="truncate" title={workspace.name}>
            {workspace.name}
          </span>
          <Chevron />
        </MenuTrigger>
        <MenuContent label="Switch workspace">
          {workspaces.map((candidate) => (
            <MenuLink key={candidate.id} href={`/${candidate.id}`} current={candidate.id === workspace.id}>
              {candidate.name}
            </MenuLink>
          ))}
          <MenuSeparator />
          <MenuLink href="/?all=1">All workspaces</MenuLink>
        </MenuContent>
      </Menu>
      {projects && (
        <>
          <span aria-hidden="true" className="text-zinc-300">
            /
          </span>
          <Menu>
            <MenuTrigger
              className={TRIGGER}
              aria-label={project ? `Project: ${project.name}. Switch project` : "Projects. Choose a project"}
            >
              <span className={project ? "truncate" : "truncate text-zinc-600"} title={project?.name}>
                {project ? project.name : "Projects"}
              </span>
              <Chevron />
            </MenuTrigger>
            <MenuContent label="Switch project">
              {projects.length === 0 && <p className="px-2.5 py-2 text-sm text-zinc-600">No projects yet.</p>}
              {projects.map((candidate) => (
                <MenuLink key={candidate.id} href={`/${workspace.id}/${candidate.id}`} current={candidate.id === project?.id}>
                  {candidate.name}
                </MenuLink>
              ))}
              <MenuSeparator />
              <MenuLink href={`/${workspace.id}`}>All projects of {workspace.name}</MenuLink>
            </MenuContent>
          </Menu>
        </>
      )}
    </nav>
  );
}
