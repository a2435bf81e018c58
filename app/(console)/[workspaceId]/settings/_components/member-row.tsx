"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { AlertDialog, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { formatDate } from "@/lib/format";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/permissions";
import { changeMemberRoleAction } from "@/lib/server/actions/change-member-role";
import { removeMemberAction } from "@/lib/server/actions/remove-member";

export type MemberView = { userId: string; name: string; email: string; role: Role; joinedAt: string };

export function MemberRow({ workspaceId, member, isAdmin, isSelf }: { workspaceId: string; member: MemberView; isAdmin: boolean; isSelf: boolean }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const router = useRouter();

  function run(action: () => Promise<{ ok: boolean; error?: string }>, after?: () => void) {
    startTransition(async () => {
      const result = await action();
      if (!result.ok) {
        setError(result.error ?? "That did not work.");
        return;
      }
      setError(null);
      after?.();
      router.refresh();
    });
  }

  return (
    <li className="flex flex-wrap items-center justify-between gap-3 px-5 py-3">
      <div className="min-w-0">
        <p className="truncate text-sm font-medium text-zinc-900">
          {member.name} {isSelf && <span className="font-normal text-zinc-500">(you)</span>}
        </p>
        <p className="truncate text-sm text-zinc-500">{member.email}</p>
        {error && !confirmRemove && (
          <p role="alert" className="mt-1 text-sm text-red-600">
            {error}
          </p>
        )}
      </div>
      <div className="flex items-center gap-3 text-sm text-zinc-500">
        <span className="hidden md:inline">joined {formatDate(member.joinedAt)}</span>
        {isAdmin ? (
          <>
            <label className="sr-only" htmlFor={`role-${member.userId}`}>
              Role of {member.name}
            </label>
            <select
              id={`role-${member.userId}`}
              value={member.role}
              disabled={pending}
              onChange={(event) =>
                run(() => changeMemberRoleAction({ workspaceId, userId: member.userId, role: event.target.value }))
              }
              className="h-8 rounded-md border-0 bg-white px-2 text-sm text-zinc-800 ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none"
            >
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </select>
            {/* Leaving is "Leave workspace" below, for every role. */}
            {!isSelf && (
              <Button variant="danger-ghost" size="sm" onClick={() => setConfirmRemove(true)} aria-label={`Remove ${member.name}`}>
                Remove
              </Button>
            )}
          </>
        ) : (
          <span className="rounded-full bg-zinc-100 px-2.5 py-0.5 text-xs font-medium text-zinc-700">{ROLE_LABELS[member.role]}</span>
        )}
      </div>
      <AlertDialog open={confirmRemove} onOpenChange={(open) => !pending && setConfirmRemove(open)}>
        <AlertDialogContent
          title={`Remove ${member.name}?`}
          description={<p>{`${member.email} will lose access to this workspace's projects and keys. Keys they created keep working.`}</p>}
          error={error}
        >
          <AlertDialogCancel asChild>
            <Button variant="secondary">Cancel</Button>
          </AlertDialogCancel>
          <Button
            variant="danger"
            pending={pending}
            onClick={() => run(() => removeMemberAction({ workspaceId, userId: member.userId }), () => setConfirmRemove(false))}
          >
            Remove
          </Button>
        </AlertDialogContent>
      </AlertDialog>
    </li>
  );
}
