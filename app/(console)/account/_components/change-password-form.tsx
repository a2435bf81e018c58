"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { useFormAction } from "@/components/use-form-action";
import { PASSWORD_MIN_LENGTH } from "@/lib/schemas/limits";
import { changePasswordAction } from "@/lib/server/actions/change-password";

export function ChangePasswordForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const [done, setDone] = useState<string | null>(null);
  const { pending, error, fieldErrors, onSubmit } = useFormAction(
    (form) => {
      setDone(null);
      return changePasswordAction({
        currentPassword: String(form.get("currentPassword") ?? ""),
        newPassword: String(form.get("newPassword") ?? ""),
      });
    },
    ({ endedSessions }) => {
      formRef.current?.reset();
      setDone(
        endedSessions === 0
          ? "Password changed."
          : `Password changed. ${endedSessions} other session${endedSessions === 1 ? " was" : "s were"} signed out.`,
      );
    },
  );

  return (
    <form ref={formRef} onSubmit={onSubmit} className="max-w-sm space-y-4" noValidate>
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        errors={fieldErrors.currentPassword}
      />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        description={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        errors={fieldErrors.newPassword}
      />
      <FormError message={error} />
      {done && (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-inset ring-emerald-200">
          {done}
        </p>
      )}
      <Button type="submit" pending={pending}>
        Change password
      </Button>
    </form>
  );
}
