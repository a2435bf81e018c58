import Link from "next/link";
import { countOf } from "@/lib/format";
import type { WorkspaceNudges } from "@/lib/server/data/key-nudges";

/**
 * The workspace page's count of keys to look after: older than the rotation age, or unused. Each
 * resource's API Keys list flags them ("Rotate", "Unused — delete?"); the thresholds are in Settings.
 */
export function KeyNudgeCounts({ counts, workspaceId }: { counts: WorkspaceNudges; workspaceId: string }) {
  const { rotate, unused, thresholds, resources } = counts;
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
      <ul className="mt-2 space-y-0.5" aria-label="By resource">
        {resources.map((resource) => (
          <li key={resource.resourceId} className="[overflow-wrap:anywhere]">
            <Link href={`/${workspaceId}/${resource.projectId}/${resource.resourceId}/api-keys`} className="font-medium underline">
              {resource.projectName} / {resource.resourceName}
            </Link>
            :{" "}
            {[resource.rotate > 0 && `${resource.rotate} to rotate`, resource.unused > 0 && `${resource.unused} unused`].filter(Boolean).join(", ")}
          </li>
        ))}
      </ul>
      <p className="mt-2 text-amber-800">
        Roll the old keys and delete the ones nothing uses from each resource&apos;s API Keys tab.{" "}
        <Link href={`/${workspaceId}/settings#key-nudges-heading`} className="font-medium underline">
          Change the thresholds
        </Link>
      </p>
    </section>
  );
}
