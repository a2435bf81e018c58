"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { useFormAction } from "@/components/use-form-action";
import { resetPasswordAction } from "@/lib/server/actions/reset-password";
import { PASSWORD_MIN_LENGTH } from "@/lib/schemas/limits";

type Done = { email: string; revokedTokens: number };

export function ResetPasswordForm({ secret }: { secret: string }) {
  const [done, setDone] = useState<Done | null>(null);
  const { pending, error, fieldErrors, onSubmit } = useFormAction(
    (form) => resetPasswordAction({ secret, password: String(form.get("password") ?? "") }),
    (data) => setDone(data),
  );
  if (done) {
    return (
      <div className="mt-6 space-y-4 text-left">
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200 ring-inset">
          Your password is changed and every session has ended.
          {done.revokedTokens > 0 &&
            ` ${done.revokedTokens} access token${done.revokedTokens === 1 ? " was" : "s were"} revoked: the address had not been verified, so whoever made ${done.revokedTokens === 1 ? "it" : "them"} may not have been you.`}
        </p>
        <Link
          href="/login"
          className="block w-full rounded-md bg-indigo-600 px-3 py-2 text-center text-sm font-semibold text-white hover:bg-indigo-500"
        >
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4 text-left" noValidate>
      <Field
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        description={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        errors={fieldErrors.password}
      />
      <FormError message={error} />
      <Button type="submit" className="w-full" pending={pending}>
        Set new password
      </Button>
    </form>
  );
}
