"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { AlertDialog, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { notifyDone } from "@/components/toaster";
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
  // A role picked in the menu, waiting for confirmation: a role change is never applied on a click.
  const [proposedRole, setProposedRole] = useState<Role | null>(null);
  const router = useRouter();

  function run(action: () => Promise<{ ok: boolean; error?: string }>, done: string, after?: () => void) {
    startTransition(async () => {
      const result = await action();
      if (!result.ok) {
        setError(result.error ?? "That did not work.");
        return;
      }
      setError(null);
      after?.();
      router.refresh();
      notifyDone(done);
    });
  }

  return (
    <li className="flex flex-wrap items-center justify-between gap-3 px-5 py-3">
      <div className="min-w-0">
        <p className="truncate text-sm font-medium text-zinc-900">
          {member.name} {isSelf && <span className="font-normal text-zinc-500">(you)</span>}
        </p>
        <p className="truncate text-sm text-zinc-500">{member.email}</p>
        {error && !confirmRemove && !proposedRole && (
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
              onChange={(event) => {
                setError(null);
                setProposedRole(event.target.value as Role);
              }}
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
            onClick={() =>
              run(
                () => removeMemberAction({ workspaceId, userId: member.userId }),
                `Removed ${member.name} from the workspace.`,
                () => setConfirmRemove(false),
              )
            }
          >
            Remove
          </Button>
        </AlertDialogContent>
      </AlertDialog>
      <AlertDialog open={proposedRole !== null} onOpenChange={(open) => !pending && !open && setProposedRole(null)}>
        {proposedRole && (
          <AlertDialogContent
            title={isSelf ? `Change your own role to ${ROLE_LABELS[proposedRole]}?` : `Make ${member.name} ${article(ROLE_LABELS[proposedRole])} ${ROLE_LABELS[proposedRole]}?`}
            description={
              <>
                <p>
                  {member.email}: {ROLE_LABELS[member.role]} → <strong className="font-medium text-zinc-900">{ROLE_LABELS[proposedRole]}</strong>.
                </p>
                <p>{ROLE_EFFECTS[proposedRole]}</p>
                {isSelf && member.role === "ADMIN" && proposedRole !== "ADMIN" && (
                  <p className="font-medium text-amber-700">You will no longer be able to manage members, and your pending invitations are revoked.</p>
                )}
              </>
            }
            error={error}
          >
            <AlertDialogCancel asChild>
              <Button variant="secondary">Cancel</Button>
            </AlertDialogCancel>
            <Button
              pending={pending}
              onClick={() =>
                run(
                  () => changeMemberRoleAction({ workspaceId, userId: member.userId, role: proposedRole }),
                  `${member.name} is now ${article(ROLE_LABELS[proposedRole])} ${ROLE_LABELS[proposedRole]}.`,
                  () => setProposedRole(null),
                )
              }
            >
              Change role
            </Button>
          </AlertDialogContent>
        )}
      </AlertDialog>
    </li>
  );
}

const article = (word: string) => (/^[AEIOU]/.test(word) ? "an" : "a");

/** What the role allows, as the Roles table in the README says. */
const ROLE_EFFECTS: Record<Role, string> = {
  ADMIN: "Admins manage members and invitations, and everything Developers can do.",
  DEVELOPER: "Developers create and rename projects and resources, and create and delete API keys.",
  VIEWER: "Viewers see projects, resources and keys, and change nothing.",
  BILLING: "Billing members see no projects or keys.",
};
