"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { authorizeCliAction } from "@/lib/server/actions/authorize-cli";

export function AuthorizeCliForm({ state, redirectTo }: { state: string; redirectTo: string }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  function deny() {
    const url = new URL(redirectTo);
    url.searchParams.set("state", state);
    url.searchParams.set("error", "The login was cancelled in the browser.");
    window.location.assign(url.toString());
  }

  if (done) {
    return <p className="mt-6 text-sm text-emerald-700">Approved. You can close this tab and return to your terminal.</p>;
  }
  return (
    <div className="mt-6 space-y-3">
      <FormError message={error} />
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="secondary" onClick={deny} disabled={pending}>
          Cancel
        </Button>
        <Button
          pending={pending}
          onClick={() =>
            startTransition(async () => {
              const result = await authorizeCliAction({ state, redirect: redirectTo });
              if (!result.ok) return setError(result.error);
              setDone(true);
              // The CLI's loopback server receives the token and shows its own confirmation page.
              window.location.assign(result.data.callbackUrl);
            })
          }
        >
          Authorize
        </Button>
      </div>
    </div>
  );
}
