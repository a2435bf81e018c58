"use client";

import { useState, useTransition } from "react";
import { ShowOnceDialogContent, ShowOnceGuard, useShowOnceGuard } from "@/components/show-once/show-once-dialog";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { formatDateTime } from "@/lib/format";
import { GRACE_PRESETS } from "@/lib/keys/expiry";
import { rollApiKeyAction } from "@/lib/server/actions/roll-api-key";
import type { ApiKeyDto } from "@/lib/server/data/api-keys";
import type { ResourceSummary } from "./api-keys-panel";
import { KEY_WARNING, keySnippets } from "./key-snippets";
import { useInvalidateApiKeys } from "./use-api-keys";

type Rolled = { id: string; name: string; plaintext: string; oldName: string; oldExpiresAt: string | null };

/**
 * Roll → how long the old key keeps working → the new key, shown once (the same show-once panel and
 * close guard as Create). The plaintext lives only in this component's state and is dropped on close.
 */
export function RollApiKeyDialog({
  apiKey,
  onClose,
  resource,
  gatewayHost,
  onRolled,
}: {
  apiKey: ApiKeyDto | null;
  onClose: () => void;
  resource: ResourceSummary;
  gatewayHost: string;
  /** The new key's id, when its dialog closes (for the list to mark its row). */
  onRolled?: (apiKeyId: string) => void;
}) {
  const [grace, setGrace] = useState<string>("24h");
  const [rolled, setRolled] = useState<Rolled | null>(null);
  const [error, setError] = useState<string | null>(null);
  const guard = useShowOnceGuard(close);
  const [pending, startTransition] = useTransition();
  const invalidate = useInvalidateApiKeys(resource.id);

  function close() {
    if (rolled) onRolled?.(rolled.id);
    setRolled(null);
    guard.reset();
    setError(null);
    setGrace("24h");
    onClose();
  }

  function requestClose() {
    if (pending) return;
    if (rolled) guard.requestClose();
    else close();
  }

  function roll(event: React.FormEvent) {
    event.preventDefault();
    if (!apiKey || pending) return;
    startTransition(async () => {
      const result = await rollApiKeyAction({ apiKeyId: apiKey.id, gracePeriod: grace });
      if (!result.ok) return setError(result.error);
      setError(null);
      setRolled({ id: result.data.apiKey.id, name: result.data.apiKey.name, plaintext: result.data.plaintext, oldName: apiKey.name, oldExpiresAt: result.data.rolled.expiresAt });
      await invalidate();
    });
  }

  return (
    <>
      <Dialog open={apiKey !== null} onOpenChange={(next) => (next ? undefined : requestClose())}>
        {rolled ? (
          <ShowOnceDialogContent
            title="API key rolled"
            description={`“${rolled.name}” replaces “${rolled.oldName}”, which ${
              rolled.oldExpiresAt && new Date(rolled.oldExpiresAt).getTime() > Date.now() ? `keeps working until ${formatDateTime(rolled.oldExpiresAt)}` : "has stopped working"
            }.`}
            warning={KEY_WARNING}
            label="Your new API key"
            secret={rolled.plaintext}
            copyLabel="Copy API key"
            testId="new-api-key"
            snippets={keySnippets(resource, gatewayHost)}
            snippetsTitle="Add it to your .env file"
            onCopied={guard.markCopied}
            onDone={requestClose}
          />
        ) : apiKey ? (
          <DialogContent
            title={`Roll “${apiKey.name}”?`}
            description="A new key with the same resource, permission and lifetime is created and shown once. Choose how long the old key keeps working, so you can deploy the new one first."
          >
            <form onSubmit={roll} className="space-y-4">
              <fieldset className="space-y-1.5">
                <legend className="text-sm font-medium text-zinc-800">The old key stops working</legend>
                <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
                  {GRACE_PRESETS.map((option) => (
                    <label key={option.value} className="flex cursor-pointer items-center justify-center gap-2 rounded-md px-3 py-2 text-sm ring-1 ring-zinc-300 has-[:checked]:bg-indigo-50 has-[:checked]:font-medium has-[:checked]:ring-2 has-[:checked]:ring-indigo-600">
                      <input type="radio" name="grace" value={option.value} checked={grace === option.value} onChange={() => setGrace(option.value)} className="accent-indigo-600" />
                      {option.value === "now" ? "Now" : `In ${option.label}`}
                    </label>
                  ))}
                </div>
              </fieldset>
              <FormError message={error} />
              <DialogFooter>
                <Button variant="secondary" onClick={requestClose} disabled={pending}>
                  Cancel
                </Button>
                <Button type="submit" pending={pending}>
                  Roll key
                </Button>
              </DialogFooter>
            </form>
          </DialogContent>
        ) : null}
      </Dialog>

      <ShowOnceGuard noun="key" {...guard.guardProps} />
    </>
  );
}
