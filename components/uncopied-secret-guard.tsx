"use client";

import { AlertDialog, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";

/**
 * Asked when a show-once dialog is closed before its secret was copied. "Go back" returns to the
 * secret; "Close without copying" drops it for good.
 */
export function UncopiedSecretGuard({
  open,
  onOpenChange,
  onDiscard,
  noun,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDiscard: () => void;
  noun: "key" | "token" | "link";
}) {
  return (
    <AlertDialog open={open} onOpenChange={onOpenChange}>
      <AlertDialogContent
        title={`You won't see this ${noun} again`}
        description={
          <p>
            You have not copied the {noun}. Once you close this dialog, it cannot be shown again; you would have to create a
            new one.
          </p>
        }
      >
        <AlertDialogCancel asChild>
          <Button variant="secondary">Go back</Button>
        </AlertDialogCancel>
        <Button variant="danger" onClick={onDiscard}>
          Close without copying
        </Button>
      </AlertDialogContent>
    </AlertDialog>
  );
}
