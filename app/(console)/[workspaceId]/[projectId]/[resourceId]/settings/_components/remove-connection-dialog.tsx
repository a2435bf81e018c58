"use client";

import { useState, useTransition } from "react";
import { AlertDialog, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { removeResourceConnectionAction } from "@/lib/server/actions/remove-resource-connection";

/** Removing the connection is a confirmation, not a typed name: the keys stay, and it can be set again. */
export function RemoveConnectionDialog({
  open,
  onOpenChange,
  resourceId,
  host,
  onRemoved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  resourceId: string;
  host: string | null;
  onRemoved: () => void;
}) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function confirm() {
    startTransition(async () => {
      const result = await removeResourceConnectionAction({ resourceId });
      if (!result.ok) return setError(result.error);
      setError(null);
      onOpenChange(false);
      onRemoved();
    });
  }

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        setError(null);
        onOpenChange(next);
      }}
    >
      <AlertDialogContent
        title="Remove the database connection?"
        error={error}
        description={
          <>
            <p>
              The encrypted connection string{host ? <> to <strong className="font-medium text-zinc-900">{host}</strong></> : null} is
              deleted. Apps using this resource&apos;s API keys get P6010 (&ldquo;no database connection&rdquo;) from their next
              query, and open transactions are rolled back.
            </p>
            <p>The API keys stay valid; you can add a connection string again at any time.</p>
          </>
        }
      >
        <AlertDialogCancel asChild>
          <Button variant="secondary" disabled={pending}>
            Cancel
          </Button>
        </AlertDialogCancel>
        <Button variant="danger" pending={pending} onClick={confirm}>
          Remove connection
        </Button>
      </AlertDialogContent>
    </AlertDialog>
  );
}
