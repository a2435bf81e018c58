"use client";

import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { useFormAction } from "@/components/use-form-action";
import { PASSWORD_MIN_LENGTH } from "@/lib/schemas/limits";
import { signUpAction } from "@/lib/server/actions/sign-up";

export function SignUpForm({ next }: { next?: string }) {
  const { pending, error, fieldErrors, onSubmit } = useFormAction((form) =>
    signUpAction({
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      next,
    }),
  );

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
