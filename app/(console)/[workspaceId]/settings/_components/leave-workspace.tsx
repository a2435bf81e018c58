"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { AlertDialog, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { leaveWorkspaceAction } from "@/lib/server/actions/leave-workspace";

/** For every member, whatever their role: leave the workspace (its last Admin is told why not). */
export function LeaveWorkspace({ workspaceId, workspaceName }: { workspaceId: string; workspaceName: string }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const router = useRouter();

  function leave() {
    startTransition(async () => {
      const result = await leaveWorkspaceAction({ workspaceId });
      if (!result.ok) return setError(result.error);
      setOpen(false);
      router.replace("/?all=1");
      router.refresh();
    });
  }

  return (
    <section className="mt-6 flex flex-col gap-3 rounded-xl bg-white px-5 py-4 shadow-sm ring-1 ring-zinc-900/10 sm:flex-row sm:items-center sm:justify-between">
      <div>
        <h2 className="text-sm font-semibold text-zinc-900">Leave workspace</h2>
        <p className="mt-0.5 text-sm text-zinc-500">You lose access to its projects and keys until someone invites you again.</p>
      </div>
      <Button variant="secondary" onClick={() => (setError(null), setOpen(true))}>
        Leave workspace
      </Button>
      <AlertDialog open={open} onOpenChange={(next) => !pending && setOpen(next)}>
        <AlertDialogContent
          title={`Leave ${workspaceName}?`}
          description={<p>You will lose access to its projects and keys. Keys you created keep working.</p>}
          error={error}
        >
          <AlertDialogCancel asChild>
            <Button variant="secondary">Cancel</Button>
          </AlertDialogCancel>
          <Button variant="danger" pending={pending} onClick={leave}>
            Leave
          </Button>
        </AlertDialogContent>
      </AlertDialog>
    </section>
  );
}
