"use client";

import { useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/action-result";
import type { FieldErrors } from "@/lib/schemas/common";

/**
 * The submit side of every Console form: runs a server action with the form's data in a
 * transition, keeps its pending state, and shows field errors beside their fields (or the
 * action's message when no field is to blame). `onSuccess` runs only when the action succeeded.
 */
export function useFormAction<T>(
  submit: (form: FormData) => Promise<ActionResult<T>>,
  onSuccess?: (data: T) => void | Promise<void>,
  /** The same schema check the action runs, on the client first: errors show without a round trip. */
  validate?: (form: FormData) => FieldErrors | null,
) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  // A double click submits twice before React re-renders the button as pending: the second
  // submission is dropped here, so a double click on Create makes one key.
  const inFlight = useRef(false);

  function reset() {
    setError(null);
    setFieldErrors({});
  }

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    const form = new FormData(event.currentTarget);
    const invalid = validate?.(form);
    if (invalid && Object.values(invalid).some((messages) => messages?.length)) {
      setError(null);
      setFieldErrors(invalid);
      return;
    }
    inFlight.current = true;
    startTransition(async () => {
      let result: ActionResult<T>;
      try {
        result = await submit(form);
      } finally {
        inFlight.current = false;
      }
      if (!result.ok) {
        const hasFieldErrors = Object.values(result.fieldErrors ?? {}).some((messages) => messages?.length);
        setError(hasFieldErrors ? null : result.error);
        setFieldErrors(result.fieldErrors ?? {});
        return;
      }
      reset();
      await onSuccess?.(result.data);
    });
  }

  return { pending, error, fieldErrors, onSubmit, reset };
}
