"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFormActions } from "@/components/ui/dialog";
import { Field, FormError } from "@/components/ui/field";
import { useFormAction } from "@/components/use-form-action";
import { ROLE_LABELS, ROLES } from "@/lib/permissions";
import { inviteMemberAction } from "@/lib/server/actions/invite-member";
import { IssuedInvitationDialog, type Issued } from "./issued-invitation-dialog";

/** Invite member → email and role → the link, shown once (or, with SMTP, "Invitation sent"). */
export function InviteMemberDialog({ workspaceId, mailDelivery }: { workspaceId: string; mailDelivery: boolean }) {
  const [open, setOpen] = useState(false);
  const [issued, setIssued] = useState<Issued | null>(null);
  const router = useRouter();
  const { pending, error, fieldErrors, onSubmit, reset } = useFormAction(
    (form) => inviteMemberAction({ workspaceId, email: form.get("email"), role: form.get("role") }),
    (data) => {
      setOpen(false);
      setIssued({ email: data.invitation.email, role: data.invitation.role, workspaceName: data.workspaceName, secret: data.secret });
      router.refresh();
    },
  );

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) reset();
  }

  return (
    <>
      <Button onClick={() => setOpen(true)}>Invite member</Button>
      <Dialog open={open} onOpenChange={onOpenChange}>
        <DialogContent
          title="Invite a member"
          description={
            mailDelivery
              ? "We email them a link; they join with the role you choose once they accept with that address."
              : "You get a link to send them; whoever opens it joins with the role you choose."
          }
        >
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
            <DialogFormActions submitLabel={mailDelivery ? "Send invitation" : "Create invitation"} pending={pending} />
          </form>
        </DialogContent>
      </Dialog>
      <IssuedInvitationDialog issued={issued} onClose={() => setIssued(null)} />
    </>
  );
}
