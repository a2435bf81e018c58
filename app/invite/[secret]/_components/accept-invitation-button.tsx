"use client";

import { useRouter } from "next/navigation";
import { OneTimeLinkButton } from "@/components/ui/one-time-link-button";
import { acceptInvitationAction } from "@/lib/server/actions/accept-invitation";

export function AcceptInvitationButton({ secret }: { secret: string }) {
  const router = useRouter();
  return (
    <OneTimeLinkButton
      label="Accept invitation"
      run={() => acceptInvitationAction({ secret })}
      // replace, not push: the link (with its used secret) does not stay a step back in history.
      onDone={(data) => router.replace(`/${data.workspaceId}`)}
    />
  );
}
