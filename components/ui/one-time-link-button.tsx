"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import type { ActionResult } from "@/lib/action-result";

/**
 * The one button of a page opened from a one-time link (accept an invitation, verify an address):
 * runs the action with the link's secret once, shows its error above the button, and hands the
 * result to `onDone`.
 */
export function OneTimeLinkButton<T>({ label, run, onDone }: { label: string; run: () => Promise<ActionResult<T>>; onDone: (data: T) => void }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="mt-6 space-y-3">
      <FormError message={error} />
      <Button
        className="w-full"
        pending={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await run();
            if (!result.ok) setError(result.error);
            else onDone(result.data);
          })
        }
      >
        {label}
      </Button>
    </div>
  );
}
