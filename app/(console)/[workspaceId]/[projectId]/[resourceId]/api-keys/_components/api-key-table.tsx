"use client";

import { KeyUsageSparkline } from "@/components/key-usage-sparkline";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { HighlightBar, NewBadge } from "@/components/ui/new-badge";
import { formatDate, formatDateTime } from "@/lib/format";
import type { ApiKeyOrder } from "@/lib/keys/api-key-order";
import type { ApiKeyDto } from "@/lib/server/data/api-keys";
import { Expiry, LastUsed, NudgeBadges, PermissionBadge } from "./api-key-badges";
import { SortHeader } from "./sort-header";

// One markup for every width. From `sm` up it is a table; below it each row is laid out as a card
// (name in full on top, key hint and dates beneath, Delete beside them), so that nothing is pushed
// outside the card on a phone. Names are never truncated: keys like `preview-branch-…-27` and
// `…-31` differ only at the end, so they wrap instead. Name, Created and Last used sort the list
// (the order lives in the URL, see api-keys-panel.tsx). A column is one <th> and one <td> per row.

export function ApiKeyTable({
  keys,
  canWrite,
  order,
  onOrderChange,
  highlightedId,
  onDelete,
  onRoll,
}: {
  keys: ApiKeyDto[];
  canWrite: boolean;
  order: ApiKeyOrder;
  onOrderChange: (order: ApiKeyOrder) => void;
  /** A key just created or rolled to, marked for a few seconds. */
  highlightedId: string | null;
  onDelete: (key: ApiKeyDto) => void;
  onRoll: (key: ApiKeyDto) => void;
}) {
  const sort = { order, onOrderChange };
  return (
    <div className="overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-zinc-900/10">
      <table className="w-full text-left text-sm max-sm:block">
        <thead className="border-b border-zinc-200 bg-zinc-50/80 text-xs font-medium text-zinc-500 max-sm:hidden">
          <tr>
            <SortHeader column="name" {...sort} className="sm:px-5" />
            <th scope="col" className="hidden px-4 py-2.5 md:table-cell">Key</th>
            <SortHeader column="created" {...sort} />
            <th scope="col" className="hidden px-4 py-2.5 lg:table-cell">Created by</th>
            <SortHeader column="lastUsed" {...sort} />
            <th scope="col" className="hidden px-4 py-2.5 xl:table-cell">Requests (24 h)</th>
            <th scope="col" className="px-4 py-2.5">Expires</th>
            {canWrite && (
              <th scope="col" className="px-4 py-2.5 sm:px-5">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 max-sm:block">
          {keys.map((key) => {
            const expired = key.expiresAt !== null && new Date(key.expiresAt).getTime() <= Date.now();
            const highlighted = key.id === highlightedId;
            return (
              <tr
                key={key.id}
                data-testid="api-key-row"
                data-expired={expired || undefined}
                data-new={highlighted || undefined}
                className={cn(
                  "relative align-middle max-sm:grid max-sm:grid-cols-[minmax(0,1fr)_auto] max-sm:gap-x-3 max-sm:gap-y-0.5 max-sm:px-4 max-sm:py-3",
                  // Expired keys stay listed, greyed, until someone deletes them: a grey row and a grey
                  // name (not opacity, which would take every text and badge below 4.5:1 contrast).
                  expired && "bg-zinc-50",
                )}
              >
                <td className="px-4 py-3 sm:min-w-[12rem] sm:px-5 max-sm:col-start-1 max-sm:p-0">
                  <HighlightBar highlighted={highlighted} />
                  <p className={cn("font-medium [overflow-wrap:anywhere]", expired ? "text-zinc-500" : "text-zinc-900")}>
                    {key.name}
                    {highlighted && <NewBadge />}
                    {key.permission === "read-only" && <PermissionBadge />}
                    <NudgeBadges apiKey={key} canWrite={canWrite} onRoll={onRoll} onDelete={onDelete} />
                  </p>
                  <p className="font-mono text-xs text-zinc-500 md:hidden">{key.hint}</p>
                </td>
                <td className="hidden px-4 py-3 md:table-cell">
                  <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs whitespace-nowrap text-zinc-700">{key.hint}</code>
                </td>
                <td className="px-4 py-3 whitespace-nowrap text-zinc-700 max-sm:col-start-1 max-sm:p-0 max-sm:text-xs max-sm:text-zinc-500">
                  <span className="sm:hidden">Created </span>
                  <time dateTime={key.createdAt} title={formatDateTime(key.createdAt)}>
                    {formatDate(key.createdAt)}
                  </time>
                </td>
                <td className="hidden max-w-[12rem] truncate px-4 py-3 text-zinc-600 lg:table-cell">
                  {key.createdBy?.name ?? <span title="A service token, or a member who has since left">—</span>}
                </td>
                <td className="px-4 py-3 whitespace-nowrap text-zinc-600 max-sm:col-start-1 max-sm:p-0 max-sm:text-xs max-sm:text-zinc-500">
                  {key.lastUsedAt && <span className="sm:hidden">Last used </span>}
                  <LastUsed at={key.lastUsedAt} />
                </td>
                {/* Usage (issue 10): requests in the last 24 h and an hourly sparkline; wide screens only. */}
                <td className="hidden px-4 py-3 text-sm xl:table-cell">
                  <KeyUsageSparkline usage={key.usage24h} />
                </td>
                <td className="px-4 py-3 whitespace-nowrap max-sm:col-start-1 max-sm:p-0 max-sm:pt-1">
                  <Expiry at={key.expiresAt} />
                </td>
                {canWrite && (
                  <td className="px-4 py-3 text-right sm:px-5 max-sm:col-start-2 max-sm:row-span-5 max-sm:row-start-1 max-sm:self-center max-sm:p-0">
                    <div className="flex justify-end gap-1 max-sm:flex-col">
                      {!expired && !key.rolledToId && (
                        <Button variant="ghost" size="sm" onClick={() => onRoll(key)} aria-label={`Roll ${key.name}`}>
                          Roll
                        </Button>
                      )}
                      <Button variant="danger-ghost" size="sm" onClick={() => onDelete(key)} aria-label={`Delete ${key.name}`}>
                        Delete
                      </Button>
                    </div>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
