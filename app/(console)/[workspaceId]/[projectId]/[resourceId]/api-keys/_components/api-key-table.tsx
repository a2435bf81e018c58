"use client";

import { Button } from "@/components/ui/button";
import { formatDate, formatDateTime, formatRelative } from "@/lib/format";
import type { ApiKeyDto } from "@/lib/server/data/api-keys";

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
      <table className="w-full text-left text-sm">
        <thead className="border-b border-zinc-200 bg-zinc-50/80 text-xs font-medium text-zinc-500">
          <tr>
            <th scope="col" className="px-4 py-2.5 sm:px-5">Name</th>
            <th scope="col" className="hidden px-4 py-2.5 md:table-cell">Key</th>
            <th scope="col" className="px-4 py-2.5">Created</th>
            <th scope="col" className="hidden px-4 py-2.5 lg:table-cell">Created by</th>
            <th scope="col" className="hidden px-4 py-2.5 sm:table-cell">Last used</th>
            {canWrite && (
              <th scope="col" className="px-4 py-2.5 sm:px-5">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {keys.map((key) => (
            <tr key={key.id} data-testid="api-key-row" className="align-middle">
              <td className="max-w-[14rem] px-4 py-3 sm:px-5">
                <p className="truncate font-medium text-zinc-900" title={key.name}>
                  {key.name}
                </p>
                <p className="font-mono text-xs text-zinc-500 md:hidden">{key.hint}</p>
              </td>
              <td className="hidden px-4 py-3 md:table-cell">
                <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700">{key.hint}</code>
              </td>
              <td className="px-4 py-3 whitespace-nowrap text-zinc-700">
                <time dateTime={key.createdAt} title={formatDateTime(key.createdAt)}>
                  {formatDate(key.createdAt)}
                </time>
              </td>
              <td className="hidden max-w-[12rem] truncate px-4 py-3 text-zinc-600 lg:table-cell">
                {key.createdBy?.name ?? <span title="A service token, or a member who has since left">—</span>}
              </td>
              <td className="hidden px-4 py-3 whitespace-nowrap text-zinc-600 sm:table-cell">
                {key.lastUsedAt ? (
                  <time dateTime={key.lastUsedAt} title={formatDateTime(key.lastUsedAt)}>
                    {formatRelative(key.lastUsedAt)}
                  </time>
                ) : (
                  "Never"
                )}
              </td>
              {canWrite && (
                <td className="px-4 py-3 text-right sm:px-5">
                  <Button
                    variant="danger-ghost"
                    size="sm"
                    onClick={() => onDelete(key)}
                    aria-label={`Delete ${key.name}`}
                  >
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
