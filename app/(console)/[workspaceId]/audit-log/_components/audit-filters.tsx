import { AUDIT_ACTIONS, AUDIT_OBJECT_TYPES } from "@/lib/schemas/audit-actions";
import type { FieldErrors } from "@/lib/schemas/common";

// The filters as a plain GET form: the query string is the state, so a filtered view is a link
// that can be shared or reloaded, and the form works before (or without) JavaScript.

const inputClass =
  "block h-10 w-full rounded-md border-0 bg-white px-3 text-sm text-zinc-900 shadow-sm ring-1 ring-inset ring-zinc-300 placeholder:text-zinc-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 focus:outline-none";
const labelClass = "block text-sm font-medium text-zinc-800";

function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-600" role="alert">
      {errors[0]}
    </p>
  );
}

function TextFilter({ name, label, placeholder, type = "text", value, errors }: { name: string; label: string; placeholder?: string; type?: string; value?: string; errors?: string[] }) {
  const id = `audit-filter-${name}`;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={value}
        placeholder={placeholder}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${id}-error` : undefined}
        className={inputClass}
      />
      <FieldError id={`${id}-error`} errors={errors} />
    </div>
  );
}

function SelectFilter({ name, label, options, value, errors }: { name: string; label: string; options: Record<string, string>; value?: string; errors?: string[] }) {
  const id = `audit-filter-${name}`;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ""} className={inputClass} aria-describedby={errors?.length ? `${id}-error` : undefined}>
        <option value="">All</option>
        {Object.entries(options).map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} errors={errors} />
    </div>
  );
}

export function AuditFilters({ values, errors }: { values: Record<string, string>; errors: FieldErrors }) {
  return (
    <form method="get" role="search" aria-label="Filter the audit log" className="mb-6 rounded-xl bg-white p-4 shadow-sm ring-1 ring-zinc-900/10 sm:p-5">
      {/* Two columns on a phone (the selects and the dates side by side), so the entries start on the first screen. */}
      <div className="grid grid-cols-2 gap-x-3 gap-y-3 sm:gap-4 lg:grid-cols-3">
        <SelectFilter name="action" label="Action" options={AUDIT_ACTIONS} value={values.action} errors={errors.action} />
        <div className="max-sm:col-span-2 max-sm:row-start-2">
          <TextFilter name="actor" label="Actor" placeholder="Email, usr_… or tok_…" value={values.actor} errors={errors.actor} />
        </div>
        <SelectFilter name="objectType" label="Object type" options={AUDIT_OBJECT_TYPES} value={values.objectType} errors={errors.objectType} />
        <div className="max-sm:col-span-2">
          <TextFilter name="objectId" label="Object id" placeholder="key_…, proj_…, usr_…" value={values.objectId} errors={errors.objectId} />
        </div>
        <TextFilter name="from" label="From" type="date" value={values.from} errors={errors.from} />
        <TextFilter name="to" label="To (inclusive)" type="date" value={values.to} errors={errors.to} />
      </div>
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <button type="submit" className="inline-flex h-10 items-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white shadow-sm hover:bg-indigo-500">
          Apply filters
        </button>
        <a href="?" className="inline-flex h-10 items-center rounded-md px-4 text-sm font-medium text-zinc-700 hover:bg-zinc-100">
          Clear
        </a>
        <p className="text-xs text-zinc-600">Dates are UTC.</p>
      </div>
    </form>
  );
}
