"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { formatDate } from "@/lib/format";
import { ROLE_LABELS, type Role } from "@/lib/permissions";
import { revokeInvitationAction } from "@/lib/server/actions/revoke-invitation";

export type InvitationView = { id: string; email: string; role: Role; expiresAt: string };

export function PendingInvitations({ invitations }: { invitations: InvitationView[] }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const router = useRouter();
  if (invitations.length === 0) return null;
  return (
    <section className="mt-6 rounded-xl bg-white shadow-sm ring-1 ring-zinc-900/10">
      <h2 className="border-b border-zinc-200 px-5 py-4 text-sm font-semibold text-zinc-900">Pending invitations</h2>
      {error && (
        <p role="alert" className="px-5 pt-3 text-sm text-red-600">
          {error}
        </p>
      )}
      <ul className="divide-y divide-zinc-100">
        {invitations.map((invitation) => (
          <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3 text-sm">
            <div className="min-w-0">
              <p className="truncate font-medium text-zinc-900">{invitation.email}</p>
              <p className="text-zinc-500">
                {ROLE_LABELS[invitation.role]} · expires {formatDate(invitation.expiresAt)}
              </p>
            </div>
            <Button
              variant="danger-ghost"
              size="sm"
              disabled={pending}
              aria-label={`Revoke invitation for ${invitation.email}`}
              onClick={() =>
                startTransition(async () => {
                  const result = await revokeInvitationAction({ invitationId: invitation.id });
                  if (!result.ok) setError(result.error);
                  else router.refresh();
                })
              }
            >
              Revoke
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
