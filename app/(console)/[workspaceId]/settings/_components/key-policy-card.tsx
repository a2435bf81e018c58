"use client";

import { useState } from "react";
import { notifyDone } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { useFormAction } from "@/components/use-form-action";
import type { KeyPolicy } from "@/lib/keys/expiry";
import { updateKeyPolicyAction } from "@/lib/server/actions/update-key-policy";

/**
 * The workspace's API key policy. Admins change it; everyone else sees it. It applies to keys created
 * or rolled from now on, on every path (Console, REST, CLI); existing keys keep their expiry.
 */
export function KeyPolicyCard({ workspaceId, policy, isAdmin }: { workspaceId: string; policy: KeyPolicy; isAdmin: boolean }) {
  const [limited, setLimited] = useState(policy.maxLifetimeDays !== null);
  const { pending, error, fieldErrors, onSubmit } = useFormAction(
    (form) =>
      updateKeyPolicyAction({
        workspaceId,
        maxLifetimeDays: form.get("limited") === "on" ? String(form.get("maxLifetimeDays") ?? "") : null,
        neverExpiresAllowed: form.get("neverExpiresAllowed") === "on",
      }),
    () => notifyDone("Key policy saved. It applies to keys created or rolled from now on."),
  );
  return (
    <section className="mt-6 rounded-xl bg-white shadow-sm ring-1 ring-zinc-900/10" aria-labelledby="key-policy-heading">
      <div className="border-b border-zinc-200 px-5 py-4">
        <h2 id="key-policy-heading" className="text-sm font-semibold text-zinc-900">
          API key policy
        </h2>
        <p className="mt-0.5 text-sm text-zinc-500">
          Applies to every key created or rolled in this workspace — in the Console, over REST and with the CLI. Existing keys keep their expiry.
        </p>
      </div>
      <form onSubmit={onSubmit} className="space-y-4 px-5 py-4" noValidate>
        <fieldset disabled={!isAdmin || pending} className="space-y-4">
          <label className="flex items-center gap-2 text-sm text-zinc-800">
            <input type="checkbox" name="limited" checked={limited} onChange={(event) => setLimited(event.target.checked)} className="accent-indigo-600" />
            Limit how long a key may live
          </label>
          {limited && (
            <div className="max-w-xs">
              <Field
                label="Maximum lifetime (days)"
                name="maxLifetimeDays"
                type="number"
                inputMode="numeric"
                min={1}
                max={3650}
                defaultValue={policy.maxLifetimeDays ?? 90}
                errors={fieldErrors.maxLifetimeDays}
              />
            </div>
          )}
          <label className="flex items-center gap-2 text-sm text-zinc-800">
            <input type="checkbox" name="neverExpiresAllowed" defaultChecked={policy.neverExpiresAllowed} className="accent-indigo-600" />
            Allow keys that never expire
          </label>
        </fieldset>
        <FormError message={error} />
        {isAdmin ? (
          <Button type="submit" pending={pending}>
            Save policy
          </Button>
        ) : (
          <p className="text-xs text-zinc-500">Only Admins can change the key policy.</p>
        )}
      </form>
    </section>
  );
}
