"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { useFormAction } from "@/components/use-form-action";
import { signInAction } from "@/lib/server/actions/sign-in";

export function LoginForm({ next, initialError = null }: { next: string; initialError?: string | null }) {
  // A refusal that arrived in the URL (next-auth's own route) shows until the form is submitted.
  const [shownInitialError, setShownInitialError] = useState(initialError);
  const { pending, error, fieldErrors, onSubmit } = useFormAction((form) => {
    setShownInitialError(null);
    return signInAction({ email: String(form.get("email") ?? ""), password: String(form.get("password") ?? ""), next });
  });

  return (
    <div className="mt-6">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field label="Email" name="email" type="email" autoComplete="email" required errors={fieldErrors.email} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          errors={fieldErrors.password}
        />
        <FormError message={error ?? shownInitialError} />
        <Button type="submit" className="w-full" pending={pending}>
          Sign in
        </Button>
      </form>
    </div>
  );
}
