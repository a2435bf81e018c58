"use client";

import { useState } from "react";
import { OneTimeLinkButton } from "@/components/ui/one-time-link-button";
import { verifyEmailAction } from "@/lib/server/actions/verify-email";

export function VerifyEmailButton({ secret }: { secret: string }) {
  const [verified, setVerified] = useState<string | null>(null);
  if (verified) {
    return (
      <p role="status" className="mt-6 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200 ring-inset">
        {verified} is verified.
      </p>
    );
  }
  return <OneTimeLinkButton label="Verify email address" run={() => verifyEmailAction({ secret })} onDone={(data) => setVerified(data.email)} />;
}
