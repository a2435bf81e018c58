"use client";

import { forwardRef, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
// From common, not database-connection: that module builds object schemas, and zod probes for
// eval() when it builds one, which the Content-Security-Policy reports as a violation.
import { CONNECTION_STRING_MAX_LENGTH } from "@/lib/schemas/limits";

export const CONNECTION_STRING_PLACEHOLDER = "postgresql://user:password@host:5432/database";

/**
 * The input for a `postgresql://` connection string: masked like a password until **Show** is
 * pressed (it holds one), never autocompleted, spell-checked or offered to a password manager, and
 * uncontrolled, so the value lives only in the form until it is sent (the dialog around it unmounts
 * on close, which clears it).
 */
export const ConnectionStringField = forwardRef<
  HTMLInputElement,
  { label?: string; description?: React.ReactNode; errors?: string[]; autoFocus?: boolean; optional?: boolean }
>(function ConnectionStringField({ label = "Connection string", description, errors, autoFocus, optional }, ref) {
  const [shown, setShown] = useState(false);
  const id = useId();
  const describedBy = [description && `${id}-description`, errors?.length && `${id}-error`].filter(Boolean).join(" ");
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label}
        {optional && <span className="ml-1.5 font-normal text-zinc-500">(optional)</span>}
      </label>
      <div className="flex gap-2">
        <input
          ref={ref}
          id={id}
          name="connectionString"
          type={shown ? "text" : "password"}
          placeholder={CONNECTION_STRING_PLACEHOLDER}
          maxLength={CONNECTION_STRING_MAX_LENGTH * 2}
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          autoFocus={autoFocus}
          data-1p-ignore
          data-lpignore="true"
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={describedBy || undefined}
          className={cn(
            "block h-10 w-full min-w-0 flex-1 rounded-md border-0 bg-white px-3 font-mono text-xs text-zinc-900 shadow-sm ring-1 ring-inset placeholder:font-sans placeholder:text-sm placeholder:text-zinc-400 focus:ring-2 focus:ring-inset focus:outline-none",
            errors?.length ? "ring-red-400 focus:ring-red-600" : "ring-zinc-300 focus:ring-indigo-600",
          )}
        />
        <Button variant="secondary" onClick={() => setShown((value) => !value)} aria-pressed={shown} aria-controls={id}>
          {shown ? "Hide" : "Show"}
        </Button>
      </div>
      {description && (
        <p id={`${id}-description`} className="text-xs text-zinc-500">
          {description}
        </p>
      )}
      {errors?.length ? (
        <p id={`${id}-error`} className="text-sm text-red-600 [overflow-wrap:anywhere]" role="alert">
          {errors[0]}
        </p>
      ) : null}
    </div>
  );
});
