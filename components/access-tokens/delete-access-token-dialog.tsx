"use client";

import { useState, useTransition } from "react";
import { AlertDialog, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { notifyDone } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { formatRelative } from "@/lib/format";
import type { AccessTokenDto } from "@/lib/server/data/access-tokens";
import { deleteAccessTokenAction } from "@/lib/server/actions/delete-access-token";

export function DeleteAccessTokenDialog({
  token,
  onClose,
  onDeleted,
}: {
  token: AccessTokenDto | null;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <AlertDialog open={token !== null} onOpenChange={(open) => !open && !pending && (setError(null), onClose())}>
      {token && (
        <AlertDialogContent
          title="Delete token?"
          error={error}
          description={
            <p>
              <strong className="font-medium text-zinc-900">{token.name}</strong> stops working immediately; scripts and CLIs
              using it will have to sign in again. {token.lastUsedAt ? `It was last used ${formatRelative(token.lastUsedAt)}.` : "It has never been used."}
            </p>
          }
        >
          <AlertDialogCancel asChild>
            <Button variant="secondary" disabled={pending}>
              Cancel
            </Button>
          </AlertDialogCancel>
          <Button
            variant="danger"
            pending={pending}
            onClick={() =>
              startTransition(async () => {
                const result = await deleteAccessTokenAction({ tokenId: token.id });
                if (!result.ok) return setError(result.error);
                setError(null);
                onDeleted();
                onClose();
                notifyDone(`Deleted the token “${token.name}”. It no longer authenticates.`);
              })
            }
          >
            Delete token
          </Button>
        </AlertDialogContent>
      )}
    </AlertDialog>
  );
}
