"use client";

import { useId, useState } from "react";
import { UncopiedSecretGuard } from "@/components/uncopied-secret-guard";
import { Button } from "@/components/ui/button";
import { DialogContent, DialogFooter } from "@/components/ui/dialog";
import { SecretField, SnippetField, type Snippet } from "./secret-field";

// The one show-once dialog of the Console: a new API key (created or rolled), a personal access
// token, a service token. Same look and behaviour for all of them (issue 12, item 5):
//  - the secret starts masked (the house rule: a screen being shared or recorded when a key is made
//    shows no usable secret) with Reveal beside it, and Copy copies the real value either way;
//  - Done is the only primary action; the Copy buttons are secondary;
//  - Done, the × in the corner, Escape and a click outside all go one way: if the secret was not
//    copied, the "You won't see this … again" guard asks first. Copying it by hand (select, Ctrl+C)
//    counts as copied;
//  - if the clipboard cannot be used, the secret is revealed so that it can be selected.
// The secret lives only in the caller's state, which drops it on close.

export type SecretNoun = "key" | "token";

/** The dialog's copied flag and close guard; the caller owns `open` and passes `close`. */
export function useShowOnceGuard(close: () => void) {
  const [copied, setCopied] = useState(false);
  const [confirming, setConfirming] = useState(false);
  return {
    copied,
    markCopied: () => setCopied(true),
    /** Done, ×, Escape, outside click. */
    requestClose: () => (copied ? close() : setConfirming(true)),
    guardProps: { open: confirming, onOpenChange: setConfirming, onDiscard: close },
    reset: () => {
      setCopied(false);
      setConfirming(false);
    },
  };
}

export function ShowOnceDialogContent({
  title,
  description,
  warning,
  label,
  secret,
  copyLabel,
  testId,
  snippets = [],
  snippetsTitle,
  onCopied,
  onDone,
}: {
  title: string;
  description: string;
  warning: React.ReactNode;
  /** "Your API key", "Your access token". */
  label: string;
  secret: string;
  copyLabel: string;
  testId: string;
  snippets?: Snippet[];
  snippetsTitle?: string;
  onCopied: () => void;
  onDone: () => void;
}) {
  const id = useId();
  const [revealed, setRevealed] = useState(false);
  const copied = (ok: boolean) => (ok ? onCopied() : setRevealed(true));
  return (
    <DialogContent
      title={title}
      description={description}
      closeButton
      className="max-w-xl"
      data-testid="show-once-dialog"
      // Focus starts on Copy, the thing to do first.
      onOpenAutoFocus={(event) => {
        event.preventDefault();
        (event.currentTarget as HTMLElement).querySelector<HTMLElement>("[data-initial-focus]")?.focus();
      }}
    >
      <div
        className="space-y-5"
        // Select and Ctrl+C (or the context menu's Copy) works as well as the Copy button.
        onCopy={() => {
          if (window.getSelection()?.toString().includes(secret)) onCopied();
        }}
      >
        <div role="note" className="flex gap-2 rounded-lg bg-amber-50 px-3.5 py-3 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset">
          <svg viewBox="0 0 20 20" className="mt-0.5 size-4 shrink-0 fill-amber-500" aria-hidden="true">
            <path d="M8.485 2.495c.673-1.167 2.357-1.167 3.03 0l6.28 10.875c.673 1.167-.17 2.625-1.516 2.625H3.72c-1.347 0-2.189-1.458-1.515-2.625L8.485 2.495ZM10 6a.75.75 0 0 0-.75.75v3.5a.75.75 0 0 0 1.5 0v-3.5A.75.75 0 0 0 10 6Zm0 9a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z" />
          </svg>
          <div>{warning}</div>
        </div>
        <SecretField
          id={id}
          label={label}
          secret={secret}
          revealed={revealed}
          onRevealedChange={setRevealed}
          copyLabel={copyLabel}
          testId={testId}
          onCopied={copied}
        />
        {snippets.length > 0 && (
          <div className="space-y-3">
            {snippetsTitle && <p className="text-sm font-medium text-zinc-800">{snippetsTitle}</p>}
            {snippets.map((snippet) => (
              <SnippetField key={snippet.label} snippet={snippet} secret={secret} revealed={revealed} onCopied={copied} />
            ))}
          </div>
        )}
      </div>
      <DialogFooter>
        <Button onClick={onDone}>Done</Button>
      </DialogFooter>
    </DialogContent>
  );
}

export function ShowOnceGuard({ noun, ...props }: { noun: SecretNoun; open: boolean; onOpenChange: (open: boolean) => void; onDiscard: () => void }) {
  return <UncopiedSecretGuard noun={noun} {...props} />;
}
