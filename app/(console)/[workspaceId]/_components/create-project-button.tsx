"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { NameDialog } from "@/components/name-dialog";
import { Button } from "@/components/ui/button";
import { createProjectAction } from "@/lib/server/actions/create-project";

export function CreateProjectButton({ workspaceId }: { workspaceId: string }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  return (
    <>
      <Button onClick={() => setOpen(true)}>New project</Button>
      <NameDialog
        open={open}
        onOpenChange={setOpen}
        title="Create a project"
        description="It starts with an environment called Production."
        placeholder="e.g. Storefront"
        submitLabel="Create project"
        submit={(name) => createProjectAction({ workspaceId, name })}
        onDone={(project) => router.push(`/${workspaceId}/${project.id}`)}
      />
    </>
  );
}
