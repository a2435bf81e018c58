import Link from "next/link";
import { countOf } from "@/lib/format";
import type { NudgeThresholds } from "@/lib/keys/nudges";
import type { NudgeCounts } from "@/lib/server/data/key-nudges";

/**
 * The workspace page's count of keys to look after: older than the rotation age, or unused. Each
 * resource's API Keys list flags them ("Rotate", "Unused — delete?"); the thresholds are in Settings.
 */
export function KeyNudgeCounts({ counts, workspaceId }: { counts: NudgeCounts & { thresholds: NudgeThresholds }; workspaceId: string }) {
  const { rotate, unused, thresholds } = counts;
  if (rotate === 0 && unused === 0) return null;
  return (
    <section aria-label="Keys to look after" data-testid="workspace-nudges" className="mb-6 rounded-xl bg-amber-50 px-5 py-4 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset">
      <ul className="flex flex-wrap gap-x-6 gap-y-1 font-medium">
        {rotate > 0 && (
          <li data-testid="workspace-nudges-rotate">
            {countOf(rotate, "key")} to rotate{thresholds.rotateAfterDays !== null && ` (older than ${thresholds.rotateAfterDays} days)`}
          </li>
        )}
        {unused > 0 && <li data-testid="workspace-nudges-unused">{countOf(unused, "key")} unused</li>}
      </ul>
      <p className="mt-1 text-amber-800">
        Each resource&apos;s API Keys tab marks them; roll the old ones and delete the ones nothing uses.{" "}
        <Link href={`/${workspaceId}/settings#key-nudges-heading`} className="font-medium underline">
          Change the thresholds
        </Link>
      </p>
    </section>
  );
}
