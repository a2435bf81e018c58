"use client";

import { useState } from "react";
import { UncopiedSecretGuard } from "@/components/uncopied-secret-guard";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { CopyButton } from "@/components/show-once/copy-button";
import { ROLE_LABELS, type Role } from "@/lib/permissions";
import { INVITATION_TTL_DAYS } from "@/lib/schemas/limits";

/** A just-made (or renewed) invitation: `secret` is set for a link, null when it was mailed. */
export type Issued = { email: string; role: Role; workspaceName: string; secret: string | null };

function linkOf(secret: string): string {
  return `${window.location.origin}/invite/${secret}`;
}

function masked(secret: string): string {
  return `${window.location.origin}/invite/${secret.slice(0, 6)}${"•".repeat(20)}${secret.slice(-4)}`;
}

/**
 * Shows an invitation link once, like a new API key: masked until revealed, a Copy button, a
 * question before closing uncopied. The link lives only in the parent's state and is dropped on close.
 */
export function IssuedInvitationDialog({ issued, onClose }: { issued: Issued | null; onClose: () => void }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const [confirmClose, setConfirmClose] = useState(false);

  function close() {
    setCopied(null);
    setConfirmClose(false);
    onClose();
  }
  const requestClose = () => (issued?.secret && !copied ? setConfirmClose(true) : close());
  const role = issued ? ROLE_LABELS[issued.role] : "";

  return (
    <>
      <Dialog open={issued !== null} onOpenChange={(next) => !next && requestClose()}>
        {issued?.secret ? (
          <DialogContent
            title="Invitation link created"
            description={`For ${issued.email}, as ${role}.`}
            onPointerDownOutside={(event) => event.preventDefault()}
            className="max-w-xl"
          >
            <InvitationLink issued={issued} secret={issued.secret} onCopied={setCopied} />
            <DialogFooter>
              <Button onClick={requestClose}>Done</Button>
            </DialogFooter>
          </DialogContent>
        ) : issued ? (
          <DialogContent
            title="Invitation sent"
            description={`We emailed ${issued.email} a link to join ${issued.workspaceName} as ${role}. It works once, for ${INVITATION_TTL_DAYS} days, and only for an account with that address.`}
          >
            <DialogFooter>
              <Button onClick={close}>Done</Button>
            </DialogFooter>
          </DialogContent>
        ) : null}
      </Dialog>
      <UncopiedSecretGuard open={confirmClose} onOpenChange={setConfirmClose} onDiscard={close} noun="link" />
    </>
  );
}

/** The warning, the masked link with Reveal and Copy. */
function InvitationLink({ issued, secret, onCopied }: { issued: Issued; secret: string; onCopied: (ok: boolean) => void }) {
  const [revealed, setRevealed] = useState(false);
  const [copied, setCopied] = useState<boolean | null>(null);
  const role = ROLE_LABELS[issued.role];
  return (
    <>
      <div role="note" className="rounded-lg bg-amber-50 px-3.5 py-3 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset">
        <p className="font-medium">
          Anyone with this link can join {issued.workspaceName} as {role}. Send it only to {issued.email}.
        </p>
        <p className="mt-1">
          It works once, for {INVITATION_TTL_DAYS} days, and is shown only now: the Console keeps only a fingerprint of it.
        </p>
      </div>
      <p className="mt-4 mb-1.5 text-sm font-medium text-zinc-800" id="invitation-link-label">
        Invitation link
      </p>
      <div className="flex flex-col gap-2 sm:flex-row">
        <code
          aria-labelledby="invitation-link-label"
          data-testid="invitation-link"
          className="flex min-h-10 flex-1 items-center rounded-md bg-zinc-950 px-3 py-2 font-mono text-xs break-all text-zinc-100 select-all"
        >
          {revealed ? linkOf(secret) : masked(secret)}
        </code>
        <div className="flex gap-2">
          <Button variant="secondary" onClick={() => setRevealed((value) => !value)} aria-pressed={revealed}>
            {revealed ? "Hide" : "Reveal"}
          </Button>
          {/* The show-once dialog's Copy (secondary; "Copied ✓"), so Done stays the one primary button. */}
          <CopyButton
            text={linkOf(secret)}
            ariaLabel="Copy invitation link"
            onCopied={(ok) => {
              setCopied(ok);
              onCopied(ok);
              if (!ok) setRevealed(true);
            }}
          />
        </div>
      </div>
      <p role="status" aria-live="polite" className="mt-2 text-sm text-red-600">
        {copied === false ? "Copying failed: the link is revealed, select it and copy it." : ""}
      </p>
    </>
  );
}
