"use client";

import { useState, useTransition } from "react";
import { AlertDialog, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { notifyDone } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { formatRelative } from "@/lib/format";
import type { ApiKeyDto } from "@/lib/server/data/api-keys";
import { deleteApiKeyAction } from "@/lib/server/actions/delete-api-key";
import { useInvalidateApiKeys } from "./use-api-keys";

const RECENT_USE_MS = 24 * 60 * 60 * 1000;

export function DeleteApiKeyDialog({
  apiKey,
  onClose,
  resourceId,
}: {
  apiKey: ApiKeyDto | null;
  onClose: () => void;
  resourceId: string;
}) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const invalidate = useInvalidateApiKeys(resourceId);
  const recentlyUsed = apiKey?.lastUsedAt && Date.now() - new Date(apiKey.lastUsedAt).getTime() < RECENT_USE_MS;
  const requests24h = apiKey?.usage24h?.requests ?? 0;

  function confirm() {
    if (!apiKey) return;
    startTransition(async () => {
      const result = await deleteApiKeyAction({ apiKeyId: apiKey.id });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      await invalidate();
      setError(null);
      onClose();
      notifyDone(`Deleted “${apiKey.name}”. It no longer authenticates anywhere.`);
    });
  }

  return (
    <AlertDialog
      open={apiKey !== null}
      onOpenChange={(open) => {
        if (!open && !pending) {
          setError(null);
          onClose();
        }
      }}
    >
      {apiKey && (
        <AlertDialogContent
          title="Delete API key?"
          error={error}
          description={
            <>
              <p>
                <strong className="font-medium text-zinc-900">{apiKey.name}</strong>{" "}
                <code className="font-mono text-xs">({apiKey.hint})</code> will stop working immediately. Any application
                using it will fail to authenticate. This cannot be undone.
              </p>
              <p className={recentlyUsed || requests24h > 0 ? "font-medium text-amber-700" : undefined} data-testid="delete-key-usage">
                {apiKey.lastUsedAt ? `This key was last used ${formatRelative(apiKey.lastUsedAt)}.` : "This key has never been used."}
                {requests24h > 0 &&
                  ` It made ${requests24h.toLocaleString("en-US")} ${requests24h === 1 ? "request" : "requests"} through the gateway in the last 24 hours: whatever sends them will start failing.`}
              </p>
            </>
          }
        >
          <AlertDialogCancel asChild>
            <Button variant="secondary" disabled={pending}>
              Cancel
            </Button>
          </AlertDialogCancel>
          <Button variant="danger" pending={pending} onClick={confirm}>
            Delete key
          </Button>
        </AlertDialogContent>
      )}
    </AlertDialog>
  );
}
