"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { NameDialog } from "@/components/name-dialog";
import { Button } from "@/components/ui/button";
import { createWorkspaceAction } from "@/lib/server/actions/create-workspace";

export function CreateWorkspaceButton() {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  return (
    <>
      <Button onClick={() => setOpen(true)}>New workspace</Button>
      <NameDialog
        open={open}
        onOpenChange={setOpen}
        title="Create a workspace"
        description="You will be its Admin."
        placeholder="e.g. Acme"
        submitLabel="Create workspace"
        submit={(name) => createWorkspaceAction({ name })}
        onDone={(workspace) => router.push(`/${workspace.id}`)}
      />
    </>
  );
}
