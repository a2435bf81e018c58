"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { copyText } from "@/lib/clipboard";
import type { ResourceSummary } from "./api-keys-panel";

function mask(key: string) {
  return `${key.slice(0, 5)}${"•".repeat(24)}${key.slice(-4)}`;
}

export function ShowOnceKey({
  plaintext,
  resource,
  gatewayHost,
  onCopied,
}: {
  plaintext: string;
  resource: ResourceSummary;
  gatewayHost: string;
  onCopied: () => void;
}) {
  const [revealed, setRevealed] = useState(false);
  const shown = revealed ? plaintext : mask(plaintext);
  const snippets = [
    ...(resource.kind === "database"
      ? // prisma+postgres:// rather than prisma://: a Prisma Client speaks plain http to it on
        // localhost (the local gateway) and https anywhere else (a gateway behind TLS).
        [{ label: "Accelerate", value: (key: string) => `DATABASE_URL="prisma+postgres://${gatewayHost}/?api_key=${key}"` }]
      : []),
    { label: "Optimize", value: (key: string) => `OPTIMIZE_API_KEY="${key}"` },
  ];

  return (
    <div className="space-y-5">
      <div
        role="note"
        className="flex gap-2 rounded-lg bg-amber-50 px-3.5 py-3 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset"
      >
        <svg viewBox="0 0 20 20" className="mt-0.5 size-4 shrink-0 fill-amber-500" aria-hidden="true">
          <path d="M8.485 2.495c.673-1.167 2.357-1.167 3.03 0l6.28 10.875c.673 1.167-.17 2.625-1.516 2.625H3.72c-1.347 0-2.189-1.458-1.515-2.625L8.485 2.495ZM10 6a.75.75 0 0 0-.75.75v3.5a.75.75 0 0 0 1.5 0v-3.5A.75.75 0 0 0 10 6Zm0 9a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z" />
        </svg>
        <p>
          API keys are only displayed once when created. Copy the key immediately and store it securely before closing this
          dialog.
        </p>
      </div>

      <div>
        <p className="mb-1.5 text-sm font-medium text-zinc-800" id="new-api-key-label">
          Your API key
        </p>
        <div className="flex flex-col gap-2 sm:flex-row">
          <code
            aria-labelledby="new-api-key-label"
            data-testid="new-api-key"
            className="flex min-h-10 flex-1 items-center rounded-md bg-zinc-950 px-3 py-2 font-mono text-xs break-all text-zinc-100 select-all"
          >
            {shown}
          </code>
          <div className="flex gap-2">
            <Button variant="secondary" onClick={() => setRevealed((value) => !value)} aria-pressed={revealed}>
              {revealed ? "Hide" : "Reveal"}
            </Button>
            <CopyButton text={plaintext} label="Copy" ariaLabel="Copy API key" onCopied={onCopied} onFailed={() => setRevealed(true)} />
          </div>
        </div>
      </div>

      <div className="space-y-3">
        <p className="text-sm font-medium text-zinc-800">Add it to your .env file</p>
        {snippets.map((snippet) => (
          <div key={snippet.label}>
            <p className="mb-1 text-xs text-zinc-500">{snippet.label}</p>
            <div className="flex items-start gap-2">
              <code className="flex-1 rounded-md bg-zinc-100 px-3 py-2 font-mono text-xs break-all text-zinc-800">
                {snippet.value(shown)}
              </code>
              <CopyButton
                text={snippet.value(plaintext)}
                label="Copy"
                ariaLabel={`Copy ${snippet.label} snippet`}
                size="sm"
                onCopied={onCopied}
                onFailed={() => setRevealed(true)}
              />
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}

function CopyButton({
  text,
  label,
  ariaLabel,
  size = "md",
  onCopied,
  onFailed,
}: {
  text: string;
  label: string;
  ariaLabel: string;
  size?: "sm" | "md";
  onCopied: () => void;
  onFailed: () => void;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    const ok = await copyText(text);
    setState(ok ? "copied" : "failed");
    if (ok) onCopied();
    else onFailed();
    if (ok) setTimeout(() => setState("idle"), 2000);
  }
  return (
    <>
      <Button variant={state === "copied" ? "secondary" : "primary"} size={size} onClick={copy} aria-label={ariaLabel}>
        {state === "copied" ? "Copied" : label}
      </Button>
      <span role="status" aria-live="polite" className="sr-only">
        {state === "copied" ? "Copied to the clipboard" : state === "failed" ? "Copy failed: select the text and copy it" : ""}
      </span>
      {state === "failed" && size === "md" && (
        <span className="sr-only">The key is revealed; select it and press Ctrl+C.</span>
      )}
    </>
  );
}
