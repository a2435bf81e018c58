"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import type { CliAuthorization } from "@/lib/schemas/cli-authorization";
import { authorizeCliAction } from "@/lib/server/actions/authorize-cli";

export function AuthorizeCliForm({ request }: { request: CliAuthorization }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  function deny() {
    const url = new URL(request.redirect);
    url.searchParams.set("state", request.state);
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
              const result = await authorizeCliAction(request);
              if (!result.ok) return setError(result.error);
              setDone(true);
              // The CLI's loopback server receives a one-time code, exchanges it for a token with its
              // verifier, and shows its own confirmation page.
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
