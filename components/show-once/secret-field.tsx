"use client";

import { Fragment } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "./copy-button";

// The secret of a show-once dialog and the snippets that carry it. The secret is one unbroken line
// (it scrolls sideways if the dialog is narrower), so a line break can never be mistaken for part of
// it or split it when it is selected; a snippet breaks only after `?` and `=`, never inside the key.

/** The prefix (`pcsk_`, `pcpat_`, `pcwst_`) and the last four characters with bullets between: enough to tell secrets apart. */
export function maskSecret(secret: string): string {
  const prefix = /^[a-z]{2,8}_/.exec(secret)?.[0] ?? secret.slice(0, 5);
  return `${prefix}${"•".repeat(24)}${secret.slice(-4)}`;
}

/** Text with a line-break opportunity after every `?` and `=`, and nowhere else. */
function breakAtQueryMarks(text: string) {
  return text.split(/(?<=[?=])/).map((part, index) => (
    <Fragment key={index}>
      {index > 0 && <wbr />}
      {part}
    </Fragment>
  ));
}

export function SecretField({
  id,
  label,
  secret,
  revealed,
  onRevealedChange,
  copyLabel,
  testId,
  onCopied,
}: {
  id: string;
  label: string;
  secret: string;
  revealed: boolean;
  onRevealedChange: (revealed: boolean) => void;
  copyLabel: string;
  testId: string;
  onCopied: (ok: boolean) => void;
}) {
  return (
    <div>
      <p className="mb-1.5 text-sm font-medium text-zinc-800" id={`${id}-label`}>
        {label}
      </p>
      <div className="flex flex-col gap-2 sm:flex-row">
        <code
          aria-labelledby={`${id}-label`}
          data-testid={testId}
          // Focusable: on a phone the revealed secret scrolls sideways, and a keyboard must reach it.
          tabIndex={0}
          className="flex min-h-10 min-w-0 flex-1 items-center overflow-x-auto rounded-md bg-zinc-950 px-3 py-2 font-mono text-xs whitespace-nowrap text-zinc-100 select-all focus:ring-2 focus:ring-indigo-500 focus:outline-none"
        >
          {revealed ? secret : maskSecret(secret)}
        </code>
        <div className="flex gap-2">
          <Button variant="secondary" onClick={() => onRevealedChange(!revealed)} aria-pressed={revealed} className="min-w-[4.5rem]">
            {revealed ? "Hide" : "Reveal"}
          </Button>
          <CopyButton text={secret} ariaLabel={copyLabel} onCopied={onCopied} initialFocus />
        </div>
      </div>
    </div>
  );
}

/** A line for an .env file or a shell: `before` + the secret + `after`, copied with the secret in it. */
export type Snippet = { label: string; before: string; after: string };

export function SnippetField({
  snippet,
  secret,
  revealed,
  onCopied,
}: {
  snippet: Snippet;
  secret: string;
  revealed: boolean;
  onCopied: (ok: boolean) => void;
}) {
  return (
    <div>
      <div className="mb-1 flex items-center justify-between gap-2">
        <p className="text-xs font-medium text-zinc-600">{snippet.label}</p>
        <CopyButton text={`${snippet.before}${secret}${snippet.after}`} ariaLabel={`Copy ${snippet.label} snippet`} size="sm" onCopied={onCopied} />
      </div>
      <code
        data-testid="secret-snippet"
        tabIndex={0}
        className="block overflow-x-auto rounded-md bg-zinc-100 px-3 py-2 font-mono text-xs break-normal text-zinc-800 [overflow-wrap:normal] focus:ring-2 focus:ring-indigo-500 focus:outline-none"
      >
        {breakAtQueryMarks(snippet.before)}
        <wbr />
        <span data-testid="snippet-secret" className="whitespace-nowrap">
          {revealed ? secret : maskSecret(secret)}
        </span>
        {snippet.after}
      </code>
    </div>
  );
}
