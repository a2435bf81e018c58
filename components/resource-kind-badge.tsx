import { cn } from "./ui/cn";

export function ResourceKindBadge({ kind }: { kind: "database" | "environment" }) {
  return (
    <span
      className={cn(
        "inline-flex shrink-0 items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        kind === "database" ? "bg-sky-50 text-sky-700 ring-sky-200" : "bg-emerald-50 text-emerald-700 ring-emerald-200",
      )}
    >
      {kind === "database" ? "Database" : "Environment"}
    </span>
  );
}
