"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { useFormAction } from "@/components/use-form-action";
import { requestPasswordResetAction } from "@/lib/server/actions/request-password-reset";

export function ForgotPasswordForm() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { pending, error, fieldErrors, onSubmit } = useFormAction(
    (form) => requestPasswordResetAction({ email: String(form.get("email") ?? "") }),
    (data) => setSentTo(data.email),
  );
  if (sentTo) {
    // The same words whether or not an account uses the address: the page must not tell.
    return (
      <p role="status" className="mt-6 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200 ring-inset">
        If an account uses <strong className="break-all">{sentTo}</strong>, a link to reset its password is on its way. Check
        your inbox.
      </p>
    );
  }
  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <Field label="Email" name="email" type="email" autoComplete="email" required errors={fieldErrors.email} />
      <FormError message={error} />
      <Button type="submit" className="w-full" pending={pending}>
        Email me a reset link
      </Button>
    </form>
  );
}
