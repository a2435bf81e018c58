"use client";

import { useEffect, useId, useState } from "react";
import { NAME_MAX_LENGTH } from "@/lib/schemas/limits";
import { cn } from "./cn";

// The name input of every create and rename form. It checks the name with the very schema the
// server action runs (lib/schemas/common.ts), as the user types once they have been told of a
// problem, and never truncates: a 200-character paste stays whole and is reported as too long
// (the old maxLength cut it to 128, and the error then said 64). The counter and the message share
// one line that is always there, so the dialog does not jump when an error appears.

// The schema (and zod with it, ~30 KB gzipped, 100 KB to parse) is loaded when a name field first
// mounts, not with the page: every name field sits in a dialog, and a phone's first load of the
// API Keys tab should not pay for a form nobody has opened yet (Lighthouse's blocking time). Until
// it has arrived (a few milliseconds after the dialog opens) the server's answer, from the same
// schema, is the check.
type NameSchemaModule = typeof import("@/lib/schemas/common");
let nameSchemaModule: NameSchemaModule | null = null;
let nameSchemaLoading: Promise<NameSchemaModule> | null = null;

function loadNameSchema(): Promise<NameSchemaModule> {
  nameSchemaLoading ??= Promise.all([import("zod"), import("@/lib/schemas/common")]).then(([zod, schemas]) => {
    // In the browser zod must not probe for eval (it tries `new Function` to compile object
    // parsers): the page's CSP refuses it and reports a violation even though zod catches the error.
    zod.config({ jitless: true });
    nameSchemaModule = schemas;
    return schemas;
  });
  return nameSchemaLoading;
}

/** Code points, as the schema (and JSON Schema's maxLength) counts them. */
const lengthOf = (value: string) => [...value].length;

/** The first problem the shared schema finds in `value`; null if none, or if the schema has not loaded yet. */
export function nameProblemOf(value: string): string | null {
  if (!nameSchemaModule) return null;
  const parsed = nameSchemaModule.nameSchema.safeParse(value);
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
  // Re-rendered once the schema has arrived, so a check asked for before then is shown.
  const [, setSchemaLoaded] = useState(nameSchemaModule !== null);
  useEffect(() => {
    let mounted = true;
    void loadNameSchema().then(() => mounted && setSchemaLoaded(true));
    return () => {
      mounted = false;
    };
  }, []);
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
