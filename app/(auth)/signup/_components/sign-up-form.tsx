"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { PASSWORD_MIN_LENGTH } from "@/lib/schemas/account";
import type { FieldErrors } from "@/lib/schemas/common";
import { signUpAction } from "@/lib/server/actions/sign-up";

export function SignUpForm({ next }: { next?: string }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await signUpAction({
        name: String(form.get("name") ?? ""),
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        next,
      });
      if (!result.ok) {
        setError(result.error);
        setFieldErrors(result.fieldErrors ?? {});
      }
    });
  }

  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <Field label="Name" name="name" autoComplete="name" required maxLength={64} errors={fieldErrors.name} />
      <Field label="Email" name="email" type="email" autoComplete="email" required errors={fieldErrors.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        description={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        errors={fieldErrors.password}
      />
      <FormError message={error} />
      <Button type="submit" className="w-full" pending={pending}>
        Create account
      </Button>
    </form>
  );
}
