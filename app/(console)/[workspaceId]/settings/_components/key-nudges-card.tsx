"use client";

import { useId, useState } from "react";
import { notifyDone } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useFormAction } from "@/components/use-form-action";
import { DEFAULT_NUDGE_THRESHOLDS, NUDGE_MAX_DAYS, type NudgeThresholds } from "@/lib/keys/nudges";
import { updateKeyNudgesAction } from "@/lib/server/actions/update-key-nudges";

type Threshold = keyof NudgeThresholds;

const ROWS: { name: Threshold; before: string; after: string; badge: string }[] = [
  { name: "rotateAfterDays", before: "Flag keys older than", after: "days for rotation", badge: "Rotate" },
  { name: "unusedAfterDays", before: "Flag keys not used for", after: "days", badge: "Unused — delete?" },
  { name: "neverUsedAfterDays", before: "Flag keys never used", after: "days after they were created", badge: "Unused — delete?" },
];

/**
 * Key reminders: when the API Keys lists mark a key "Rotate" or "Unused — delete?" and the workspace
 * page counts it. Admins change the thresholds (each can be turned off); everyone else sees them.
 */
export function KeyNudgesCard({ workspaceId, thresholds, isAdmin }: { workspaceId: string; thresholds: NudgeThresholds; isAdmin: boolean }) {
  const { pending, error, fieldErrors, onSubmit } = useFormAction(
    (form) => {
      const value = (name: Threshold) => (form.get(`${name}-on`) === "on" ? String(form.get(name) ?? "") : null);
      return updateKeyNudgesAction({
        workspaceId,
        rotateAfterDays: value("rotateAfterDays"),
        unusedAfterDays: value("unusedAfterDays"),
        neverUsedAfterDays: value("neverUsedAfterDays"),
      });
    },
    () => notifyDone("Key reminders saved. The key lists and the workspace page use them now."),
  );
  return (
    <section className="mt-6 rounded-xl bg-white shadow-sm ring-1 ring-zinc-900/10" aria-labelledby="key-nudges-heading">
      <div className="border-b border-zinc-200 px-5 py-4">
        <h2 id="key-nudges-heading" className="text-sm font-semibold text-zinc-900">
          Key reminders
        </h2>
        <p className="mt-0.5 text-sm text-zinc-500">
          Rotate keys regularly and delete the ones nothing uses: the API Keys lists mark such keys, and the workspace page
          counts them. Nothing is changed or deleted on its own.
        </p>
      </div>
      <form onSubmit={onSubmit} className="space-y-4 px-5 py-4" noValidate>
        <fieldset disabled={!isAdmin || pending} className="space-y-3">
          <legend className="sr-only">Thresholds</legend>
          {ROWS.map((row) => (
            <ThresholdRow key={row.name} {...row} value={thresholds[row.name]} errors={fieldErrors[row.name]} />
          ))}
        </fieldset>
        <FormError message={error} />
        {isAdmin ? (
          <Button type="submit" pending={pending}>
            Save reminders
          </Button>
        ) : (
          <p className="text-xs text-zinc-500">Only Admins can change the key reminders.</p>
        )}
      </form>
    </section>
  );
}

function ThresholdRow({
  name,
  before,
  after,
  badge,
  value,
  errors,
}: {
  name: Threshold;
  before: string;
  after: string;
  badge: string;
  value: number | null;
  errors?: string[];
}) {
  const [on, setOn] = useState(value !== null);
  const id = useId();
  return (
    <div>
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-zinc-800">
        <input type="checkbox" id={`${id}-on`} name={`${name}-on`} checked={on} onChange={(event) => setOn(event.target.checked)} className="accent-indigo-600" />
        <label htmlFor={`${id}-on`}>{before}</label>
        <input
          type="number"
          name={name}
          inputMode="numeric"
          min={1}
          max={NUDGE_MAX_DAYS}
          defaultValue={value ?? DEFAULT_NUDGE_THRESHOLDS[name] ?? ""}
          disabled={!on}
          aria-label={`${before} … ${after} (days)`}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={errors?.length ? `${id}-error` : undefined}
          className="h-8 w-20 rounded-md border-0 bg-white px-2 text-sm text-zinc-900 shadow-sm ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none disabled:bg-zinc-50 disabled:text-zinc-500"
        />
        <span>{after}</span>
        <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs text-zinc-600">“{badge}”</span>
      </div>
      {errors?.length ? (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-600">
          {errors[0]}
        </p>
      ) : null}
    </div>
  );
}
