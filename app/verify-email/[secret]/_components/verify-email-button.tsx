"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { verifyEmailAction } from "@/lib/server/actions/verify-email";

export function VerifyEmailButton({ secret }: { secret: string }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [verified, setVerified] = useState<string | null>(null);
  if (verified) {
    return (
      <p role="status" className="mt-6 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200 ring-inset">
        {verified} is verified.
      </p>
    );
  }
  return (
    <div className="mt-6 space-y-3">
      <FormError message={error} />
      <Button
        className="w-full"
        pending={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await verifyEmailAction({ secret });
            if (!result.ok) setError(result.error);
            else setVerified(result.data.email);
          })
        }
      >
        Verify email address
      </Button>
    </div>
  );
}
