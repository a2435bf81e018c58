"use client";

import { useState, useTransition } from "react";
import { resendVerificationAction } from "@/lib/server/actions/resend-verification";

export function ResendVerificationButton({ label }: { label: string }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  return (
    <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
      <button
        type="button"
        disabled={pending}
        className="shrink-0 rounded font-medium whitespace-nowrap text-amber-900 underline underline-offset-2 hover:text-amber-700 disabled:opacity-60"
        onClick={() =>
          startTransition(async () => {
            const result = await resendVerificationAction({});
            setMessage(result.ok ? { text: `Sent a new link to ${result.data.sentTo}.`, error: false } : { text: result.error, error: true });
          })
        }
      >
        {pending ? "Sending…" : label}
      </button>
      <span role="status" aria-live="polite" className={message?.error ? "text-red-700" : "text-amber-800"}>
        {message?.text}
      </span>
    </span>
  );
}
