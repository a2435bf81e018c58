import { forwardRef, useId } from "react";
import { cn } from "./cn";

type FieldProps = React.InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  description?: string;
  errors?: string[];
};

/** A labelled input with its description and errors wired up for screen readers. */
export const Field = forwardRef<HTMLInputElement, FieldProps>(function Field(
  { label, description, errors, className, id, ...props },
  ref,
) {
  const generated = useId();
  const inputId = id ?? generated;
  const describedBy = [description && `${inputId}-description`, errors?.length && `${inputId}-error`]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="space-y-1.5">
      <label htmlFor={inputId} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      <input
        ref={ref}
        id={inputId}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy || undefined}
        className={cn(
          "block h-10 w-full rounded-md border-0 bg-white px-3 text-sm text-zinc-900 shadow-sm ring-1 ring-inset placeholder:text-zinc-400 focus:ring-2 focus:ring-inset focus:outline-none",
          errors?.length ? "ring-red-400 focus:ring-red-600" : "ring-zinc-300 focus:ring-indigo-600",
          className,
        )}
        {...props}
      />
      {description && (
        <p id={`${inputId}-description`} className="text-xs text-zinc-500">
          {description}
        </p>
      )}
      {errors?.length ? (
        <p id={`${inputId}-error`} className="text-sm text-red-600" role="alert">
          {errors[0]}
        </p>
      ) : null}
    </div>
  );
});

export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-inset ring-red-200">
      {message}
    </p>
  );
}
