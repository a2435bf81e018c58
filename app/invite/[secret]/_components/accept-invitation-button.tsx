"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { acceptInvitationAction } from "@/lib/server/actions/accept-invitation";

export function AcceptInvitationButton({ secret }: { secret: string }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const router = useRouter();
  return (
    <div className="mt-6 space-y-3">
      <FormError message={error} />
      <Button
        className="w-full"
        pending={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await acceptInvitationAction({ secret });
            if (!result.ok) setError(result.error);
            // replace, not push: the link (with its used secret) does not stay a step back in history.
            else router.replace(`/${result.data.workspaceId}`);
          })
        }
      >
        Accept invitation
      </Button>
    </div>
  );
}
