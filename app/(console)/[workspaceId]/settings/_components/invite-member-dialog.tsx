"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogFormActions } from "@/components/ui/dialog";
import { Field, FormError } from "@/components/ui/field";
import { useFormAction } from "@/components/use-form-action";
import { copyText } from "@/lib/clipboard";
import { ROLE_LABELS, ROLES } from "@/lib/permissions";
import { INVITATION_TTL_DAYS } from "@/lib/schemas/member";
import { inviteMemberAction } from "@/lib/server/actions/invite-member";

export function InviteMemberDialog({ workspaceId }: { workspaceId: string }) {
  const [open, setOpen] = useState(false);
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const router = useRouter();
  const { pending, error, fieldErrors, onSubmit, reset } = useFormAction(
    (form) => inviteMemberAction({ workspaceId, email: form.get("email"), role: form.get("role") }),
    (invitation) => {
      setLink(`${window.location.origin}/invitations/${invitation.id}`);
      router.refresh();
    },
  );

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) {
      reset();
      setLink(null);
      setCopied(false);
    }
  }

  return (
    <>
      <Button onClick={() => setOpen(true)}>Invite member</Button>
      <Dialog open={open} onOpenChange={onOpenChange}>
        {link ? (
          <DialogContent title="Invitation created" description={`Send this link to the person you invited. It works for ${INVITATION_TTL_DAYS} days, and only for their email address.`}>
            <div className="flex flex-col gap-2 sm:flex-row">
              <code data-testid="invitation-link" className="flex-1 rounded-md bg-zinc-100 px-3 py-2 font-mono text-xs break-all text-zinc-800">
                {link}
              </code>
              <Button onClick={async () => setCopied(await copyText(link))}>{copied ? "Copied" : "Copy link"}</Button>
            </div>
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="secondary">Done</Button>
              </DialogClose>
            </DialogFooter>
          </DialogContent>
        ) : (
          <DialogContent title="Invite a member" description="They join with the role you choose once they accept.">
            <form onSubmit={onSubmit} className="space-y-4" noValidate>
              <Field label="Email" name="email" type="email" autoComplete="off" autoFocus errors={fieldErrors.email} />
              <div className="space-y-1.5">
                <label htmlFor="invite-role" className="block text-sm font-medium text-zinc-800">
                  Role
                </label>
                <select
                  id="invite-role"
                  name="role"
                  defaultValue="DEVELOPER"
                  className="block h-10 w-full rounded-md border-0 bg-white px-3 text-sm shadow-sm ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none"
                >
                  {ROLES.map((role) => (
                    <option key={role} value={role}>
                      {ROLE_LABELS[role]}
                    </option>
                  ))}
                </select>
              </div>
              <FormError message={error} />
              <DialogFormActions submitLabel="Create invitation" pending={pending} />
            </form>
          </DialogContent>
        )}
      </Dialog>
    </>
  );
}
