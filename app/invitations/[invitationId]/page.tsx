import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Logo } from "@/components/logo";
import { ROLE_LABELS } from "@/lib/permissions";
import { invitationIdSchema } from "@/lib/schemas/member";
import { viewInvitation } from "@/lib/server/data/invitations";
import { loadOrNotFound } from "@/lib/server/page-data";
import { currentUser } from "@/lib/server/session";
import { AcceptInvitationButton } from "./_components/accept-invitation-button";
import { notFound } from "next/navigation";

export const metadata: Metadata = { title: "Invitation" };

export default async function InvitationPage({ params }: { params: Promise<{ invitationId: string }> }) {
  const { invitationId } = await params;
  if (!invitationIdSchema.safeParse(invitationId).success) notFound();
  const user = await currentUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(`/invitations/${invitationId}`)}`);
  const view = await loadOrNotFound(viewInvitation({ type: "user", userId: user.id }, { invitationId }));
  if (view.status === "accepted") redirect(`/${view.workspaceId}`);

  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <Logo className="mb-8 size-8" />
      <div className="w-full max-w-sm rounded-xl bg-white p-6 text-center shadow-sm ring-1 ring-zinc-900/10 sm:p-8">
        {view.status === "pending" ? (
          <>
            <h1 className="text-xl font-semibold tracking-tight">Join {view.workspaceName}</h1>
            <p className="mt-2 text-sm text-zinc-600">
              {view.invitedBy ?? "An Admin"} invited you to join as <strong>{ROLE_LABELS[view.role]}</strong>.
            </p>
            <AcceptInvitationButton invitationId={view.id} />
          </>
        ) : view.status === "expired" ? (
          <>
            <h1 className="text-xl font-semibold tracking-tight">This invitation has expired</h1>
            <p className="mt-2 text-sm text-zinc-600">Ask an Admin of the workspace for a new one.</p>
          </>
        ) : (
          <>
            <h1 className="text-xl font-semibold tracking-tight">This invitation is for someone else</h1>
            <p className="mt-2 text-sm text-zinc-600">
              You are signed in as {view.email}. Sign in with the address the invitation was sent to.
            </p>
          </>
        )}
        <Link href="/" className="mt-6 inline-block text-sm font-medium text-indigo-600 hover:text-indigo-500">
          Go to your workspaces
        </Link>
      </div>
    </main>
  );
}
