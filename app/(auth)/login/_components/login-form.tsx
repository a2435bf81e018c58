"use client";

import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { useFormAction } from "@/components/use-form-action";
import { githubSignInAction } from "@/lib/server/actions/github-sign-in";
import { signInAction } from "@/lib/server/actions/sign-in";

export function LoginForm({ next, github }: { next: string; github: boolean }) {
  const { pending, error, fieldErrors, onSubmit } = useFormAction((form) =>
    signInAction({ email: String(form.get("email") ?? ""), password: String(form.get("password") ?? ""), next }),
  );

  return (
    <div className="mt-6 space-y-4">
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
        <FormError message={error} />
        <Button type="submit" className="w-full" pending={pending}>
          Sign in
        </Button>
      </form>
      {github && (
        <form action={githubSignInAction}>
          <input type="hidden" name="next" value={next} />
          <Button type="submit" variant="secondary" className="w-full">
            Continue with GitHub
          </Button>
        </form>
      )}
    </div>
  );
}
