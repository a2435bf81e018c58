"use client";

import { useState } from "react";
import { ShowOnceDialogContent, ShowOnceGuard, useShowOnceGuard } from "@/components/show-once/show-once-dialog";
import { Dialog, DialogContent, DialogFormActions } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { NameField, validateNameIn } from "@/components/ui/name-field";
import { useFormAction } from "@/components/use-form-action";
import type { KeyPolicy } from "@/lib/keys/expiry";
import { createApiKeyAction } from "@/lib/server/actions/create-api-key";
import type { ResourceSummary } from "./api-keys-panel";
import { expiresAtFromForm, ExpiryField, PermissionField } from "./key-options-fields";
import { KEY_WARNING, keySnippets } from "./key-snippets";
import { useInvalidateApiKeys } from "./use-api-keys";

type Created = { id: string; name: string; plaintext: string };

/**
 * Create API Key → name → Create → the key, shown once → Done. The plaintext lives only in this
 * component's state: not in the query cache, a URL, a log or a toast, and it is dropped on close.
 */
export function CreateApiKeyDialog({
  open,
  onOpenChange,
  resource,
  gatewayHost,
  policy,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  resource: ResourceSummary;
  gatewayHost: string;
  policy: KeyPolicy;
  /** The new key's id, when its dialog closes (for the list to mark its row then, not while the dialog hides it). */
  onCreated?: (apiKeyId: string) => void;
}) {
  const [created, setCreated] = useState<Created | null>(null);
  const guard = useShowOnceGuard(close);
  const invalidate = useInvalidateApiKeys(resource.id);
  const { pending, error, fieldErrors, onSubmit, reset } = useFormAction(
    (form) => {
      const expiresAt = expiresAtFromForm(form, policy);
      return createApiKeyAction({
        resourceId: resource.id,
        name: String(form.get("name") ?? ""),
        permission: form.get("permission") === "read-only" ? "read-only" : "read-write",
        // undefined only for a custom date left empty: the action then reports the field.
        expiresAt: expiresAt === undefined ? "" : expiresAt,
      });
    },
    async ({ apiKey, plaintext }) => {
      setCreated({ id: apiKey.id, name: apiKey.name, plaintext });
      await invalidate();
    },
    (form) => {
      const errors = { ...validateNameIn(form) };
      if (form.get("expiry") === "date" && !form.get("expiryDate")) errors.expiresAt = ["Choose a date."];
      return errors;
    },
  );

  function close() {
    if (created) onCreated?.(created.id);
    setCreated(null);
    guard.reset();
    reset();
    onOpenChange(false);
  }

  const requestClose = () => (created ? guard.requestClose() : close());

  return (
    <>
      <Dialog open={open} onOpenChange={(next) => (next ? onOpenChange(true) : requestClose())}>
        {created ? (
          <ShowOnceDialogContent
            title="API key created"
            description={`“${created.name}” can now authenticate requests for ${resource.name}.`}
            warning={KEY_WARNING}
            label="Your API key"
            secret={created.plaintext}
            copyLabel="Copy API key"
            testId="new-api-key"
            snippets={keySnippets(resource, gatewayHost)}
            snippetsTitle="Add it to your .env file"
            onCopied={guard.markCopied}
            onDone={requestClose}
          />
        ) : (
          <DialogContent title="Create API Key" description="Give the key a descriptive name, such as “production” or “staging-api”.">
            <form onSubmit={onSubmit} className="space-y-4" noValidate>
              <NameField placeholder="e.g. production" autoComplete="off" autoFocus serverErrors={fieldErrors.name} />
              <ExpiryField policy={policy} errors={fieldErrors.expiresAt} />
              <PermissionField />
              <FormError message={error} />
              <DialogFormActions submitLabel="Create" pending={pending} />
            </form>
          </DialogContent>
        )}
      </Dialog>

      <ShowOnceGuard noun="key" {...guard.guardProps} />
    </>
  );
}
