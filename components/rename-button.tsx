"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { NameDialog } from "@/components/name-dialog";
import { notifyDone } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/action-result";
import { renameProjectAction } from "@/lib/server/actions/rename-project";
import { renameResourceAction } from "@/lib/server/actions/rename-resource";
import { renameWorkspaceAction } from "@/lib/server/actions/rename-workspace";

type Target = { type: "workspace" | "project" | "resource"; id: string; name: string };

const NOUN = { workspace: "workspace", project: "project", resource: "resource" } as const;

function rename(target: Target, name: string): Promise<ActionResult<unknown>> {
  switch (target.type) {
    case "workspace":
      return renameWorkspaceAction({ workspaceId: target.id, name });
    case "project":
      return renameProjectAction({ projectId: target.id, name });
    case "resource":
      return renameResourceAction({ resourceId: target.id, name });
  }
}

export type RenameTarget = Target;

/** The Rename button and its dialog. */
export function RenameButton({ target }: { target: Target }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Rename
      </Button>
      <RenameDialog target={target} open={open} onOpenChange={setOpen} />
    </>
  );
}

/** The rename dialog alone, for callers that open it from elsewhere (a menu item). */
export function RenameDialog({ target, open, onOpenChange }: { target: Target; open: boolean; onOpenChange: (open: boolean) => void }) {
  const router = useRouter();
  return (
    <NameDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Rename ${NOUN[target.type]}`}
      initialName={target.name}
      submitLabel="Save"
      submit={(name) => rename(target, name)}
      onDone={(data) => {
        router.refresh();
        const renamed = (data as { name?: string } | null)?.name;
        notifyDone(renamed ? `Renamed the ${NOUN[target.type]} to “${renamed}”.` : `Renamed the ${NOUN[target.type]}.`);
      }}
    />
  );
}
