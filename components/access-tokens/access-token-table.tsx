"use client";

import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { NewBadge } from "@/components/ui/new-badge";
import { highlightClasses } from "@/components/ui/use-highlight";
import { formatDate, formatDateTime, formatRelative } from "@/lib/format";
import type { AccessTokenDto } from "@/lib/server/data/access-tokens";

// The same layout as the API key table: a table from `sm` up, and below it each row laid out as a
// card (name in full, hint and dates beneath, Delete beside them), so nothing leaves the card on a phone.

export function AccessTokenTable({
  tokens,
  showCreator,
  highlightedId,
  onDelete,
}: {
  tokens: AccessTokenDto[];
  showCreator: boolean;
  highlightedId: string | null;
  onDelete: (token: AccessTokenDto) => void;
}) {
  return (
    <table className="w-full text-left text-sm max-sm:block">
      <thead className="border-b border-zinc-200 bg-zinc-50/80 text-xs font-medium text-zinc-500 max-sm:hidden">
        <tr>
          <th scope="col" className="px-4 py-2.5 sm:px-5">Name</th>
          <th scope="col" className="hidden px-4 py-2.5 md:table-cell">Token</th>
          <th scope="col" className="px-4 py-2.5">Created</th>
          {showCreator && <th scope="col" className="hidden px-4 py-2.5 lg:table-cell">Created by</th>}
          <th scope="col" className="px-4 py-2.5">Last used</th>
          <th scope="col" className="px-4 py-2.5 sm:px-5">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100 max-sm:block">
        {tokens.map((token) => {
          const highlighted = token.id === highlightedId;
          const mark = highlightClasses(highlighted);
          return (
            <tr
              key={token.id}
              data-testid="access-token-row"
              data-new={highlighted || undefined}
              className={cn(
                "align-middle max-sm:grid max-sm:grid-cols-[minmax(0,1fr)_auto] max-sm:gap-x-3 max-sm:gap-y-0.5 max-sm:px-4 max-sm:py-3",
                mark.row,
              )}
            >
              <td className={cn("px-4 py-3 sm:min-w-[12rem] sm:px-5 max-sm:col-start-1 max-sm:p-0", mark.firstCell)}>
                <p className="font-medium text-zinc-900 [overflow-wrap:anywhere]">
                  {token.name}
                  {highlighted && <NewBadge />}
                </p>
                <p className="font-mono text-xs text-zinc-500 md:hidden">{token.hint}</p>
              </td>
              <td className="hidden px-4 py-3 md:table-cell">
                <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs whitespace-nowrap text-zinc-700">{token.hint}</code>
              </td>
              <td className="px-4 py-3 whitespace-nowrap text-zinc-700 max-sm:col-start-1 max-sm:p-0 max-sm:text-xs max-sm:text-zinc-500">
                <span className="sm:hidden">Created </span>
                <time dateTime={token.createdAt} title={formatDateTime(token.createdAt)}>
                  {formatDate(token.createdAt)}
                </time>
              </td>
              {showCreator && (
                <td className="hidden max-w-[12rem] truncate px-4 py-3 text-zinc-600 lg:table-cell">{token.createdBy?.name ?? "—"}</td>
              )}
              <td className="px-4 py-3 whitespace-nowrap text-zinc-600 max-sm:col-start-1 max-sm:p-0 max-sm:text-xs max-sm:text-zinc-500">
                {token.lastUsedAt ? (
                  <>
                    <span className="sm:hidden">Last used </span>
                    <time dateTime={token.lastUsedAt} title={formatDateTime(token.lastUsedAt)}>
                      {formatRelative(token.lastUsedAt)}
                    </time>
                  </>
                ) : (
                  <>
                    Never<span className="sm:hidden"> used</span>
                  </>
                )}
              </td>
              <td className="px-4 py-3 text-right sm:px-5 max-sm:col-start-2 max-sm:row-span-4 max-sm:row-start-1 max-sm:self-center max-sm:p-0">
                <Button variant="danger-ghost" size="sm" aria-label={`Delete ${token.name}`} onClick={() => onDelete(token)}>
                  Delete
                </Button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
