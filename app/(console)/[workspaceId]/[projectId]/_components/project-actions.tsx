"use client";

import { useState } from "react";
import { DeleteByNameDialog } from "@/components/delete-by-name-button";
import { RenameDialog } from "@/components/rename-button";
import { Button } from "@/components/ui/button";
import { Menu, MenuContent, MenuItem, MenuSeparator, MenuTrigger } from "@/components/ui/menu";
import { CreateResourceButton } from "./create-resource-button";

// The project page's actions (issue 12, item 8). The primary one (New resource) is a button at
// every width; Rename and Delete project are buttons from 640 px up and, on phones, a "⋯" menu, so
// the header keeps one row and the red Delete is never the first thing under the user's thumb.
// Destructive last, in both layouts. One copy of each dialog, whichever control opened it.

type Project = { id: string; name: string };

export function ProjectActions({ workspaceId, project }: { workspaceId: string; project: Project }) {
  const [dialog, setDialog] = useState<"rename" | "delete" | null>(null);
  const target = { type: "project" as const, id: project.id, name: project.name };
  const onOpenChange = (open: boolean) => !open && setDialog(null);
  return (
    <>
      <CreateResourceButton workspaceId={workspaceId} projectId={project.id} />
      {/* `contents`: the buttons take part in the header's flex row (and its gap) as if unwrapped. */}
      <div className="hidden sm:contents">
        <Button variant="secondary" onClick={() => setDialog("rename")}>
          Rename
        </Button>
        <Button variant="danger-ghost" onClick={() => setDialog("delete")}>
          Delete project
        </Button>
      </div>
      <div className="sm:hidden">
        <Menu>
          <MenuTrigger
            aria-label="Project actions"
            className="inline-flex size-10 items-center justify-center rounded-md bg-white text-zinc-800 shadow-sm ring-1 ring-zinc-300 ring-inset hover:bg-zinc-50 data-[state=open]:bg-zinc-100"
          >
            <svg viewBox="0 0 16 16" className="size-4" aria-hidden="true">
              <circle cx="3" cy="8" r="1.5" fill="currentColor" />
              <circle cx="8" cy="8" r="1.5" fill="currentColor" />
              <circle cx="13" cy="8" r="1.5" fill="currentColor" />
            </svg>
          </MenuTrigger>
          <MenuContent align="end">
            <MenuItem onSelect={() => setDialog("rename")}>Rename</MenuItem>
            <MenuSeparator />
            <MenuItem danger onSelect={() => setDialog("delete")}>
              Delete project
            </MenuItem>
          </MenuContent>
        </Menu>
      </div>
      <RenameDialog target={target} open={dialog === "rename"} onOpenChange={onOpenChange} />
      <DeleteByNameDialog target={target} afterDelete={`/${workspaceId}`} open={dialog === "delete"} onOpenChange={onOpenChange} />
    </>
  );
}
