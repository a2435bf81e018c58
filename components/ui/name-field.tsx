"use client";

import { useEffect, useId, useState } from "react";
import { config } from "zod";
import { NAME_MAX_LENGTH, nameSchema } from "@/lib/schemas/common";
import { cn } from "./cn";

// The name input of every create and rename form. It checks the name with the very schema the
// server action runs (lib/schemas/common.ts), as the user types once they have been told of a
// problem, and never truncates: a 200-character paste stays whole and is reported as too long
// (the old maxLength cut it to 128, and the error then said 64). The counter and the message share
// one line that is always there, so the dialog does not jump when an error appears.

// In the browser zod must not probe for eval (it tries `new Function` to compile object parsers):
// the page's CSP refuses it and reports a violation even though zod catches the error.
if (typeof window !== "undefined") config({ jitless: true });

/** Code points, as the schema (and JSON Schema's maxLength) counts them. */
const lengthOf = (value: string) => [...value].length;

/** The first problem the shared schema finds in `value`, or null. */
export function nameProblemOf(value: string): string | null {
  const parsed = nameSchema.safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? "Enter a valid name.");
}

export function NameField({
  label = "Name",
  name = "name",
  defaultValue = "",
  serverErrors,
  className,
  ...props
}: Omit<React.InputHTMLAttributes<HTMLInputElement>, "defaultValue" | "maxLength"> & {
  label?: string;
  defaultValue?: string;
  /** Errors the action returned for this field. */
  serverErrors?: string[];
}) {
  const inputId = useId();
  const [value, setValue] = useState(defaultValue);
  const [checking, setChecking] = useState(false);
  const length = lengthOf(value);
  // The value the form's errors were given for: they stand until it changes, then the live check
  // (which those errors switch on) takes over.
  const [erroredValue, setErroredValue] = useState<string | null>(null);
  useEffect(() => {
    if (!serverErrors?.length) return;
    setErroredValue(value);
    setChecking(true);
    // Only when new errors arrive, not on every keystroke.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [serverErrors]);
  const clientError = checking ? nameProblemOf(value) : null;
  const serverError = serverErrors?.length && erroredValue === value ? serverErrors[0] : null;
  const message = clientError ?? serverError ?? null;
  const over = length > NAME_MAX_LENGTH;

  return (
    <div className="space-y-1.5">
      <label htmlFor={inputId} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      <input
        id={inputId}
        name={name}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        onBlur={() => value !== "" && setChecking(true)}
        onInvalid={() => setChecking(true)}
        aria-invalid={message ? true : undefined}
        aria-describedby={`${inputId}-status`}
        className={cn(
          "block h-10 w-full rounded-md border-0 bg-white px-3 text-sm text-zinc-900 shadow-sm ring-1 ring-inset placeholder:text-zinc-400 focus:ring-2 focus:ring-inset focus:outline-none",
          message ? "ring-red-400 focus:ring-red-600" : "ring-zinc-300 focus:ring-indigo-600",
          className,
        )}
        {...props}
      />
      <div id={`${inputId}-status`} className="flex min-h-5 items-start justify-between gap-3 text-sm">
        <p className="min-w-0 text-red-600" role={message ? "alert" : undefined}>
          {message}
        </p>
        <span className={cn("shrink-0 text-xs tabular-nums", over ? "font-medium text-red-600" : "text-zinc-500")} aria-live="polite">
          {length}/{NAME_MAX_LENGTH}
        </span>
      </div>
    </div>
  );
}

/** For useFormAction's `validate`: the name field's problem as field errors, or null. */
export function validateNameIn(form: FormData, field = "name"): Record<string, string[]> | null {
  const problem = nameProblemOf(String(form.get(field) ?? ""));
  return problem ? { [field]: [problem] } : null;
}
