"use client";

import { useId, useState } from "react";
import { DAY_MS, DEFAULT_LIFETIME_DAYS, EXPIRY_PRESETS, type KeyPolicy } from "@/lib/keys/expiry";

// The Create API Key dialog's expiry and permission choices. Only what the workspace policy allows is
// offered (the server enforces it again on every path); the expiry goes to the action as an instant.

type ExpiryOption = { value: string; label: string; days?: number };

export function expiryOptions(policy: KeyPolicy): { options: ExpiryOption[]; defaultValue: string } {
  const max = policy.maxLifetimeDays;
  const options: ExpiryOption[] = EXPIRY_PRESETS.filter((preset) => max === null || preset.days <= max).map((preset) => ({ ...preset }));
  if (max !== null && !options.some((option) => option.days === max)) options.push({ value: `${max}d`, label: `${max} days (workspace maximum)`, days: max });
  options.sort((a, b) => a.days! - b.days!);
  options.push({ value: "date", label: "Custom date…" });
  if (policy.neverExpiresAllowed) options.push({ value: "never", label: "No expiration" });
  const preferred = options.find((option) => option.days === DEFAULT_LIFETIME_DAYS) ?? options.filter((option) => option.days).at(-1);
  return { options, defaultValue: preferred?.value ?? "date" };
}

/** The form's choice as the action's `expiresAt`: an ISO instant, null for never; a date means its end, local time. */
export function expiresAtFromForm(form: FormData, policy: KeyPolicy, now = Date.now()): string | null | undefined {
  const choice = String(form.get("expiry") ?? "");
  if (choice === "never") return null;
  if (choice === "date") {
    const date = String(form.get("expiryDate") ?? "");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
    const [year, month, day] = date.split("-").map(Number) as [number, number, number];
    return new Date(year, month - 1, day, 23, 59, 59, 999).toISOString();
  }
  const option = expiryOptions(policy).options.find((candidate) => candidate.value === choice);
  return option?.days ? new Date(now + option.days * DAY_MS).toISOString() : undefined;
}

const localDate = (ms: number) => {
  const date = new Date(ms);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
};

const selectClass =
  "block h-10 w-full rounded-md border-0 bg-white px-3 text-sm text-zinc-900 shadow-sm ring-1 ring-inset ring-zinc-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600 focus:outline-none";

export function ExpiryField({ policy, errors }: { policy: KeyPolicy; errors?: string[] }) {
  const id = useId();
  const { options, defaultValue } = expiryOptions(policy);
  const [choice, setChoice] = useState(defaultValue);
  const now = Date.now();
  // The last day whose end still fits the maximum lifetime.
  const maxDate = policy.maxLifetimeDays === null ? undefined : localDate(now + policy.maxLifetimeDays * DAY_MS - DAY_MS);
  const hint = policy.maxLifetimeDays === null ? undefined : `This workspace allows keys to live at most ${policy.maxLifetimeDays} days.`;
  return (
    <div className="space-y-1.5">
      <label htmlFor={`${id}-expiry`} className="block text-sm font-medium text-zinc-800">
        Expiration
      </label>
      <select id={`${id}-expiry`} name="expiry" value={choice} onChange={(event) => setChoice(event.target.value)} className={selectClass} aria-describedby={hint ? `${id}-hint` : undefined}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {choice === "date" && (
        <>
          <label htmlFor={`${id}-date`} className="sr-only">
            Expiry date
          </label>
          <input id={`${id}-date`} name="expiryDate" type="date" required min={localDate(now + DAY_MS)} max={maxDate} className={selectClass} />
        </>
      )}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-zinc-500">
          {hint}
        </p>
      )}
      {errors?.length ? (
        <p className="text-sm text-red-600" role="alert">
          {errors[0]}
        </p>
      ) : null}
    </div>
  );
}

export function PermissionField() {
  return (
    <fieldset className="space-y-1.5">
      <legend className="text-sm font-medium text-zinc-800">Permission</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        {[
          { value: "read-write", label: "Read-write", text: "Reads and writes" },
          { value: "read-only", label: "Read-only", text: "The gateway refuses every write" },
        ].map((option) => (
          <label key={option.value} className="flex cursor-pointer items-start gap-2 rounded-md px-3 py-2 ring-1 ring-zinc-300 has-[:checked]:bg-indigo-50 has-[:checked]:ring-2 has-[:checked]:ring-indigo-600">
            <input type="radio" name="permission" value={option.value} defaultChecked={option.value === "read-write"} className="mt-0.5 accent-indigo-600" />
            <span className="text-sm">
              <span className="block font-medium text-zinc-900">{option.label}</span>
              <span className="block text-xs text-zinc-600">{option.text}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
