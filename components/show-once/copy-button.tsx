"use client";

import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { copyText } from "@/lib/clipboard";

/**
 * Copy, for a show-once dialog: always a secondary button (Done is the dialog's one primary action).
 * Once copied it says "Copied" with a check mark for two seconds, in green at full contrast and still
 * clickable, so it reads as done rather than disabled. The outcome is also announced.
 */
export function CopyButton({
  text,
  ariaLabel,
  size = "md",
  initialFocus = false,
  onCopied,
}: {
  text: string;
  ariaLabel: string;
  size?: "sm" | "md";
  /** The button the dialog focuses when it opens. */
  initialFocus?: boolean;
  /** true when the text is on the clipboard, false when copying failed. */
  onCopied: (ok: boolean) => void;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  async function copy() {
    const ok = await copyText(text);
    setState(ok ? "copied" : "failed");
    onCopied(ok);
    clearTimeout(timer.current);
    if (ok) timer.current = setTimeout(() => setState("idle"), 2000);
  }

  return (
    <>
      <Button
        variant={state === "copied" ? "success" : "secondary"}
        size={size}
        onClick={copy}
        // The visible word stays part of the name (WCAG 2.5.3, label in name): "Copy API key (copied)".
        aria-label={state === "copied" ? `${ariaLabel} (copied)` : ariaLabel}
        data-state={state}
        data-initial-focus={initialFocus || undefined}
        className="min-w-[5.5rem]"
      >
        {state === "copied" ? (
          <>
            <svg viewBox="0 0 16 16" className="size-4 fill-current" aria-hidden="true" data-testid="copied-check">
              <path d="M12.78 4.22a.75.75 0 0 1 0 1.06l-5.5 5.5a.75.75 0 0 1-1.06 0l-2.5-2.5a.75.75 0 1 1 1.06-1.06L6.75 9.19l4.97-4.97a.75.75 0 0 1 1.06 0Z" />
            </svg>
            Copied
          </>
        ) : (
          <>
            <svg viewBox="0 0 16 16" className="size-4 fill-current opacity-70" aria-hidden="true">
              <path d="M5.5 1.75A1.75 1.75 0 0 1 7.25 0h6A1.75 1.75 0 0 1 15 1.75v6A1.75 1.75 0 0 1 13.25 9.5H12V8h1.25a.25.25 0 0 0 .25-.25v-6a.25.25 0 0 0-.25-.25h-6a.25.25 0 0 0-.25.25V3H5.5V1.75ZM2.75 4.5h6c.97 0 1.75.78 1.75 1.75v6A1.75 1.75 0 0 1 8.75 14h-6A1.75 1.75 0 0 1 1 12.25v-6c0-.97.78-1.75 1.75-1.75Zm0 1.5a.25.25 0 0 0-.25.25v6c0 .14.11.25.25.25h6a.25.25 0 0 0 .25-.25v-6A.25.25 0 0 0 8.75 6h-6Z" />
            </svg>
            Copy
          </>
        )}
      </Button>
      <span role="status" aria-live="polite" className="sr-only">
        {state === "copied" ? "Copied to the clipboard" : state === "failed" ? "Copy failed: the value is revealed, select it and copy it" : ""}
      </span>
    </>
  );
}
