import { countOf } from "@/lib/format";
import type { NudgeCounts } from "@/lib/server/data/key-nudges";

/** Above the list: how many of the resource's keys are due for rotation and how many look unused. */
export function NudgeSummary({ counts }: { counts: NudgeCounts }) {
  if (counts.rotate === 0 && counts.unused === 0) return null;
  const parts = [
    counts.rotate > 0 && `${countOf(counts.rotate, "key")} to rotate`,
    counts.unused > 0 && `${countOf(counts.unused, "key")} unused`,
  ].filter(Boolean);
  return (
    <p data-testid="api-key-nudge-summary" className="mb-3 rounded-lg bg-amber-50 px-3.5 py-2.5 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset">
      <span className="font-medium">{parts.join(" · ")}.</span> Roll old keys to new ones and delete keys nothing uses, from the
      badges next to their names.
    </p>
  );
}
