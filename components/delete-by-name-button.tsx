"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { AlertDialog, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { notifyDone } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { deleteProjectAction } from "@/lib/server/actions/delete-project";
import { deleteResourceAction } from "@/lib/server/actions/delete-resource";

type Target = { type: "project" | "resource"; id: string; name: string; apiKeyCount?: number };

/**
 * Deleting a project or a resource takes its API keys with it, so the dialog asks for the name to
 * be typed (as the house style asks for anything above a single key).
 */
export function DeleteByNameButton({ target, afterDelete }: { target: Target; afterDelete: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="danger-ghost" onClick={() => setOpen(true)}>
        Delete {target.type === "project" ? "project" : "resource"}
      </Button>
      <DeleteByNameDialog target={target} afterDelete={afterDelete} open={open} onOpenChange={setOpen} />
    </>
  );
}

/** The type-the-name dialog alone, for callers that open it from elsewhere (a menu item). */
export function DeleteByNameDialog({
  target,
  afterDelete,
  open,
  onOpenChange: setOpen,
}: {
  target: Target;
  afterDelete: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const noun = target.type === "project" ? "project" : "resource";

  function confirm() {
    startTransition(async () => {
      const result =
        target.type === "project"
          ? await deleteProjectAction({ projectId: target.id })
          : await deleteResourceAction({ resourceId: target.id });
      if (!result.ok) return setError(result.error);
      setOpen(false);
      router.push(afterDelete);
      notifyDone(`Deleted the ${noun} “${target.name}” and its API keys.`);
    });
  }

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        setOpen(next);
        setTyped("");
        setError(null);
      }}
    >
      <AlertDialogContent
        title={`Delete ${noun} “${target.name}”?`}
        error={error}
        description={
          <>
            <p>
              {target.type === "project" ? "Its databases and environments are deleted with it, and " : ""}
              {target.apiKeyCount === undefined
                ? "all of its API keys stop"
                : target.apiKeyCount === 1
                  ? "its API key stops"
                  : `all ${target.apiKeyCount} of its API keys stop`}{" "}
              working immediately. This cannot be undone.
            </p>
            <label className="block pt-2 text-sm font-medium text-zinc-800" htmlFor="confirm-name">
              Type <strong className="font-mono">{target.name}</strong> to confirm
            </label>
            <input
              id="confirm-name"
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              autoComplete="off"
              className="mt-1 block h-10 w-full rounded-md border-0 px-3 text-sm ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-red-600 focus:outline-none"
            />
          </>
        }
      >
        <AlertDialogCancel asChild>
          <Button variant="secondary" disabled={pending}>
            Cancel
          </Button>
        </AlertDialogCancel>
        <Button variant="danger" pending={pending} disabled={typed !== target.name} onClick={confirm}>
          Delete {noun}
        </Button>
      </AlertDialogContent>
    </AlertDialog>
  );
}
