"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { notifyDone } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { formatDate } from "@/lib/format";
import { ROLE_LABELS } from "@/lib/permissions";
import type { InvitationDelivery } from "@/lib/schemas/member";
import { renewInvitationAction } from "@/lib/server/actions/renew-invitation";
import { revokeInvitationAction } from "@/lib/server/actions/revoke-invitation";
import type { Role } from "@/lib/permissions";
import { IssuedInvitationDialog, type Issued } from "./issued-invitation-dialog";

export type InvitationView = { id: string; email: string; role: Role; expiresAt: string; delivery: InvitationDelivery; hasSecret: boolean };

/**
 * Pending invitations. Their links cannot be shown again (only a digest is kept): an Admin revokes
 * one, or replaces its link by a new one, shown once (with SMTP: mailed again).
 */
export function PendingInvitations({
  invitations,
  workspaceName,
  mailDelivery,
}: {
  invitations: InvitationView[];
  workspaceName: string;
  mailDelivery: boolean;
}) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [issued, setIssued] = useState<Issued | null>(null);
  const router = useRouter();

  function renew(invitation: InvitationView) {
    startTransition(async () => {
      const result = await renewInvitationAction({ invitationId: invitation.id });
      if (!result.ok) return setError(result.error);
      setError(null);
      if (result.data.secret) setIssued({ email: invitation.email, role: invitation.role, workspaceName, secret: result.data.secret });
      else setNotice(`A new invitation mail is on its way to ${invitation.email}; the previous link no longer works.`);
      router.refresh();
    });
  }

  function revoke(invitation: InvitationView) {
    startTransition(async () => {
      const result = await revokeInvitationAction({ invitationId: invitation.id });
      if (!result.ok) return setError(result.error);
      setError(null);
      router.refresh();
      notifyDone(`Revoked the invitation for ${invitation.email}. Its link no longer works.`);
    });
  }

  if (invitations.length === 0 && !issued) return null;
  return (
    <section className="mt-6 rounded-xl bg-white shadow-sm ring-1 ring-zinc-900/10">
      <div className="border-b border-zinc-200 px-5 py-4">
        <h2 className="text-sm font-semibold text-zinc-900">Pending invitations</h2>
        <p className="mt-0.5 text-sm text-zinc-500">
          {mailDelivery
            ? "Each was emailed with a link that works once, for its address only."
            : "Links are shown only when they are made. Lost one? Create a new link: the old one stops working."}
        </p>
      </div>
      {(error || notice) && (
        <p role={error ? "alert" : "status"} className={`px-5 pt-3 text-sm ${error ? "text-red-600" : "text-emerald-700"}`}>
          {error ?? notice}
        </p>
      )}
      <ul className="divide-y divide-zinc-100">
        {invitations.map((invitation) => (
          <li key={invitation.id} data-testid="invitation-row" className="flex flex-wrap items-center justify-between gap-3 px-5 py-3 text-sm">
            <div className="min-w-0">
              <p className="truncate font-medium text-zinc-900">{invitation.email}</p>
              <p className="text-zinc-500">
                {ROLE_LABELS[invitation.role]} · {invitation.delivery === "EMAIL" ? "emailed" : "link"} · expires {formatDate(invitation.expiresAt)}
                {!invitation.hasSecret && " · old link, no longer works"}
              </p>
            </div>
            <div className="flex gap-1">
              <Button variant="ghost" size="sm" disabled={pending} onClick={() => renew(invitation)} aria-label={`${mailDelivery ? "Resend invitation to" : "Create a new link for"} ${invitation.email}`}>
                {mailDelivery ? "Resend" : "New link"}
              </Button>
              <Button variant="danger-ghost" size="sm" disabled={pending} onClick={() => revoke(invitation)} aria-label={`Revoke invitation for ${invitation.email}`}>
                Revoke
              </Button>
            </div>
          </li>
        ))}
      </ul>
      <IssuedInvitationDialog issued={issued} onClose={() => setIssued(null)} />
    </section>
  );
}
