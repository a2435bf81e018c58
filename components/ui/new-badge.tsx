import { cn } from "./cn";

// The mark of a row just created (while useHighlight holds its id): an indigo bar on the row's leading
// edge and "New" beside its name. Not a tinted background: a tint takes the row's grey and red text
// (hints, dates, Delete) below 4.5:1. The bar fades out, except under prefers-reduced-motion.

/** Inside the row's first cell; the row must be `relative` (the bar spans the row, table or card). */
export function HighlightBar({ highlighted }: { highlighted: boolean }) {
  return (
    <span
      aria-hidden="true"
      data-testid="highlight-bar"
      className={cn(
        "pointer-events-none absolute inset-y-0 left-0 w-1 bg-indigo-500",
        highlighted ? "opacity-100" : "opacity-0 motion-safe:transition-opacity motion-safe:duration-1000",
      )}
    />
  );
}

export function NewBadge() {
  return (
    <span data-testid="new-badge" className="ml-2 inline-flex rounded-full bg-indigo-50 px-2 py-0.5 align-middle text-xs font-medium text-indigo-700 ring-1 ring-indigo-200 ring-inset">
      New
    </span>
  );
}
