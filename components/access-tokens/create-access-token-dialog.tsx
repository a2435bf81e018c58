"use client";

import { useState } from "react";
import { UncopiedSecretGuard } from "@/components/uncopied-secret-guard";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter, DialogFormActions } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { NameField, validateNameIn } from "@/components/ui/name-field";
import { useFormAction } from "@/components/use-form-action";
import { copyText } from "@/lib/clipboard";
import { createPersonalTokenAction } from "@/lib/server/actions/create-personal-token";
import { createServiceTokenAction } from "@/lib/server/actions/create-service-token";

/** Name → Create → the token, shown once with Copy → Done (asks first if it was not copied). */
export function CreateAccessTokenDialog({
  open,
  onOpenChange,
  workspaceId,
  noun,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  workspaceId?: string;
  noun: string;
  onCreated: () => void;
}) {
  const [plaintext, setPlaintext] = useState<string | null>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  const [confirmClose, setConfirmClose] = useState(false);
  const { pending, error, fieldErrors, onSubmit, reset } = useFormAction(
    (form) => {
      const name = String(form.get("name") ?? "");
      return workspaceId ? createServiceTokenAction({ workspaceId, name }) : createPersonalTokenAction({ name });
    },
    (data) => {
      setPlaintext(data.plaintext);
      onCreated();
    },
    (form) => validateNameIn(form),
  );

  function close() {
    setPlaintext(null);
    setCopied(null);
    setConfirmClose(false);
    reset();
    onOpenChange(false);
  }

  const requestClose = () => (plaintext && !copied ? setConfirmClose(true) : close());

  return (
    <>
      <Dialog open={open} onOpenChange={(next) => (next ? onOpenChange(true) : requestClose())}>
        {plaintext ? (
          <DialogContent title="Token created" onPointerDownOutside={(event) => event.preventDefault()}>
            <p role="note" className="rounded-lg bg-amber-50 px-3.5 py-3 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset">
              This token is only displayed once. Copy it now and store it securely: it grants API access as{" "}
              {workspaceId ? "a Developer of this workspace" : "you"}.
            </p>
            <div className="mt-4 flex flex-col gap-2 sm:flex-row">
              <code data-testid="new-access-token" className="flex-1 rounded-md bg-zinc-950 px-3 py-2 font-mono text-xs break-all text-zinc-100 select-all">
                {plaintext}
              </code>
              <Button onClick={async () => setCopied(await copyText(plaintext))} aria-label="Copy token">
                {copied ? "Copied" : "Copy"}
              </Button>
            </div>
            {copied === false && <p className="mt-2 text-sm text-red-600">Copying failed: select the token and copy it.</p>}
            <DialogFooter>
              <Button onClick={requestClose}>Done</Button>
            </DialogFooter>
          </DialogContent>
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
      <UncopiedSecretGuard open={confirmClose} onOpenChange={setConfirmClose} onDiscard={close} noun="token" />
    </>
  );
}
