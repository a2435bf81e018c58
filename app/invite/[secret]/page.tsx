import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LinkPageCard, LinkPageMessage } from "@/components/link-page-card";
import { ROLE_LABELS } from "@/lib/permissions";
import { previewInvitation } from "@/lib/server/data/invitation-acceptance";
import { currentUser } from "@/lib/server/session";
import { AcceptInvitationButton } from "./_components/accept-invitation-button";

// The page behind an invitation link. The secret in its path is the credential, so the page sends
// no Referer at all (not even to this origin), and nothing here logs the path. Opening it changes
// nothing (mail scanners open links); joining takes the button, a POST.
export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

export default async function InvitationPage({ params }: { params: Promise<{ secret: string }> }) {
  const { secret } = await params;
  const user = await currentUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(`/invite/${secret}`)}`);
  const view = await previewInvitation({ type: "user", userId: user.id }, { secret });
  if (view.status === "member") redirect(`/${view.workspaceId}`);

  return (
    <LinkPageCard>
      {view.status === "pending" ? (
        <>
          <LinkPageMessage title={`Join ${view.workspaceName}`}>
            <p>
              {view.invitedBy ?? "An Admin"} invited you to join as <strong>{ROLE_LABELS[view.role]}</strong>.
            </p>
            <p className="mt-1 text-zinc-500">You are signed in as {user.email}.</p>
          </LinkPageMessage>
          <AcceptInvitationButton secret={secret} />
        </>
      ) : view.status === "wrong-email" ? (
        <LinkPageMessage title="This invitation is for someone else">
          <p>
            It was sent to <strong>{view.invitedEmail}</strong>, and you are signed in as {view.signedInAs}. Sign in with the
            address the invitation was sent to.
          </p>
        </LinkPageMessage>
      ) : view.status === "expired" ? (
        <LinkPageMessage title="This invitation has expired">
          <p>Ask an Admin of the workspace for a new one.</p>
        </LinkPageMessage>
      ) : view.status === "used" ? (
        <LinkPageMessage title="This invitation has already been used">
          <p>Each invitation link works once. Ask an Admin of the workspace for a new one.</p>
        </LinkPageMessage>
      ) : (
        <LinkPageMessage title="This invitation link is not valid">
          <p>It may have been revoked or replaced by a newer link. Ask an Admin of the workspace for a new one.</p>
        </LinkPageMessage>
      )}
    </LinkPageCard>
  );
}
