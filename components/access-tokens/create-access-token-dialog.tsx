"use client";

import { useState } from "react";
import { ShowOnceDialogContent, ShowOnceGuard, useShowOnceGuard } from "@/components/show-once/show-once-dialog";
import { Dialog, DialogContent, DialogFormActions } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { NameField, validateNameIn } from "@/components/ui/name-field";
import { useFormAction } from "@/components/use-form-action";
import { createPersonalTokenAction } from "@/lib/server/actions/create-personal-token";
import { createServiceTokenAction } from "@/lib/server/actions/create-service-token";

/**
 * Name → Create → the token, in the same show-once dialog as a new API key (masked until revealed,
 * Copy, Done; closing uncopied asks first). The plaintext lives only in this component's state.
 */
export function CreateAccessTokenDialog({
  open,
  onOpenChange,
  workspaceId,
  noun,
  onCreated,
  onClosed,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  workspaceId?: string;
  /** "access token" or "service token". */
  noun: string;
  /** Right after creation, for the list to refresh. */
  onCreated: () => void;
  /** When the dialog closes after a creation, for the list to mark the new row. */
  onClosed: (tokenId: string) => void;
}) {
  const [created, setCreated] = useState<{ id: string; name: string; plaintext: string } | null>(null);
  const guard = useShowOnceGuard(close);
  const { pending, error, fieldErrors, onSubmit, reset } = useFormAction(
    (form) => {
      const name = String(form.get("name") ?? "");
      return workspaceId ? createServiceTokenAction({ workspaceId, name }) : createPersonalTokenAction({ name });
    },
    (data) => {
      setCreated({ id: data.token.id, name: data.token.name, plaintext: data.plaintext });
      onCreated();
    },
    (form) => validateNameIn(form),
  );

  function close() {
    if (created) onClosed(created.id);
    setCreated(null);
    guard.reset();
    reset();
    onOpenChange(false);
  }

  const requestClose = () => (created ? guard.requestClose() : close());
  const Noun = noun.charAt(0).toUpperCase() + noun.slice(1);

  return (
    <>
      <Dialog open={open} onOpenChange={(next) => (next ? onOpenChange(true) : requestClose())}>
        {created ? (
          <ShowOnceDialogContent
            title={`${Noun} created`}
            description={`“${created.name}” can now call the REST API and the platform CLI as ${workspaceId ? "a Developer of this workspace" : "you"}.`}
            warning={<p>{Noun}s are only displayed once when created. Copy the token immediately and store it securely before closing this dialog.</p>}
            label={`Your ${noun}`}
            secret={created.plaintext}
            copyLabel="Copy token"
            testId="new-access-token"
            snippets={[{ label: "CLI", before: 'PLATFORM_TOKEN="', after: '"' }]}
            snippetsTitle="Use it with the platform CLI (or send it as Authorization: Bearer)"
            onCopied={guard.markCopied}
            onDone={requestClose}
          />
        ) : (
          <DialogContent title={`Create ${noun}`} description="Name it after where it will be used, e.g. “ci-deploy”.">
            <form onSubmit={onSubmit} className="space-y-4" noValidate>
              <NameField autoComplete="off" autoFocus serverErrors={fieldErrors.name} />
              <FormError message={error} />
              <DialogFormActions submitLabel="Create" pending={pending} />
            </form>
          </DialogContent>
        )}
      </Dialog>
      <ShowOnceGuard noun="token" {...guard.guardProps} />
    </>
  );
}
