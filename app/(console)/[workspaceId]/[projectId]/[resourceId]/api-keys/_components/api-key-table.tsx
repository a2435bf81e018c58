"use client";

import { Button } from "@/components/ui/button";
import { formatDate, formatDateTime, formatRelative } from "@/lib/format";
import type { ApiKeyDto } from "@/lib/server/data/api-keys";

// One markup for every width. From `sm` up it is a table; below it each row is laid out as a card
// (name in full on top, key hint and dates beneath, Delete beside them), so that nothing is pushed
// outside the card on a phone. Names are never truncated: keys like `preview-branch-…-27` and
// `…-31` differ only at the end, so they wrap instead.

function LastUsed({ at }: { at: string | null }) {
  if (!at) {
    return (
      <>
        Never<span className="sm:hidden"> used</span>
      </>
    );
  }
  return (
    <time dateTime={at} title={formatDateTime(at)}>
      {formatRelative(at)}
    </time>
  );
}

export function ApiKeyTable({
  keys,
  canWrite,
  onDelete,
}: {
  keys: ApiKeyDto[];
  canWrite: boolean;
  onDelete: (key: ApiKeyDto) => void;
}) {
  return (
    <div className="overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-zinc-900/10">
      <table className="w-full text-left text-sm max-sm:block">
        <thead className="border-b border-zinc-200 bg-zinc-50/80 text-xs font-medium text-zinc-500 max-sm:hidden">
          <tr>
            <th scope="col" className="px-4 py-2.5 sm:px-5">Name</th>
            <th scope="col" className="hidden px-4 py-2.5 md:table-cell">Key</th>
            <th scope="col" className="px-4 py-2.5">Created</th>
            <th scope="col" className="hidden px-4 py-2.5 lg:table-cell">Created by</th>
            <th scope="col" className="px-4 py-2.5">Last used</th>
            {canWrite && (
              <th scope="col" className="px-4 py-2.5 sm:px-5">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 max-sm:block">
          {keys.map((key) => (
            <tr
              key={key.id}
              data-testid="api-key-row"
              className="align-middle max-sm:grid max-sm:grid-cols-[minmax(0,1fr)_auto] max-sm:gap-x-3 max-sm:gap-y-0.5 max-sm:px-4 max-sm:py-3"
            >
              <td className="px-4 py-3 sm:min-w-[12rem] sm:px-5 max-sm:col-start-1 max-sm:p-0">
                <p className="font-medium text-zinc-900 [overflow-wrap:anywhere]">{key.name}</p>
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
              {canWrite && (
                <td className="px-4 py-3 text-right sm:px-5 max-sm:col-start-2 max-sm:row-span-4 max-sm:row-start-1 max-sm:self-center max-sm:p-0">
                  <Button variant="danger-ghost" size="sm" onClick={() => onDelete(key)} aria-label={`Delete ${key.name}`}>
                    Delete
                  </Button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
