import { formatDateTime } from "@/lib/format";
import type { AuditLogEntryDto } from "@/lib/server/data/audit-log-read";
import { describeUserAgent } from "@/lib/user-agent";
import { actionLabel, actorLines, detailsLine, objectTypeLabel, PATH_LABELS } from "./audit-format";

// A table from 640 px; below it each entry is a card (the rows become blocks), as the key list does.

const cell = "px-4 py-3 align-top max-sm:p-0";

export function AuditTable({ entries }: { entries: AuditLogEntryDto[] }) {
  return (
    <div className="overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-zinc-900/10">
      <table className="w-full text-left text-sm max-sm:block">
        <caption className="sr-only">Audit log entries, newest first</caption>
        <thead className="border-b border-zinc-200 bg-zinc-50/80 text-xs font-medium text-zinc-500 max-sm:hidden">
          <tr>
            <th scope="col" className="px-4 py-2.5 sm:pl-5">When</th>
            <th scope="col" className="px-4 py-2.5">Action</th>
            <th scope="col" className="px-4 py-2.5">Object</th>
            <th scope="col" className="px-4 py-2.5">Actor</th>
            <th scope="col" className="px-4 py-2.5 sm:pr-5">From</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 max-sm:block">
          {entries.map((entry) => {
            const [who, whoDetail] = actorLines(entry);
            const details = detailsLine(entry);
            return (
              <tr key={entry.id} data-testid="audit-entry" data-action={entry.action} className="max-sm:grid max-sm:gap-1 max-sm:px-4 max-sm:py-3">
                <td className={`${cell} whitespace-nowrap text-zinc-600 sm:pl-5 max-sm:order-2 max-sm:text-xs`}>
                  <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>
                </td>
                <td className={`${cell} max-sm:order-1`}>
                  <p className="font-medium text-zinc-900">{actionLabel(entry)}</p>
                  <p className="font-mono text-xs text-zinc-500">{entry.action}</p>
                </td>
                <td className={`${cell} max-sm:order-3`}>
                  <p className="text-zinc-900 [overflow-wrap:anywhere]">
                    <span className="text-zinc-600">{objectTypeLabel(entry)} </span>
                    {entry.object.name ?? entry.object.id ?? "—"}
                  </p>
                  {entry.object.id && <p className="font-mono text-xs text-zinc-500 [overflow-wrap:anywhere]">{entry.object.id}</p>}
                  {details && <p className="mt-0.5 text-xs text-zinc-600 [overflow-wrap:anywhere]">{details}</p>}
                </td>
                <td className={`${cell} max-sm:order-4`}>
                  <p className="text-zinc-900 [overflow-wrap:anywhere]">
                    <span className="text-zinc-600 sm:hidden">By </span>
                    {who}
                  </p>
                  {whoDetail && <p className="text-xs text-zinc-600 [overflow-wrap:anywhere]">{whoDetail}</p>}
                </td>
                <td className={`${cell} text-xs text-zinc-600 sm:pr-5 max-sm:order-5`}>
                  <p>
                    <span className="inline-flex rounded-full bg-zinc-100 px-2 py-0.5 font-medium text-zinc-700" data-testid="audit-path">
                      {PATH_LABELS[entry.path] ?? entry.path}
                    </span>
                    {entry.address && <span className="ml-2 font-mono [overflow-wrap:anywhere]">{entry.address}</span>}
                  </p>
                  {entry.userAgent && (
                    <p className="mt-0.5" title={entry.userAgent}>
                      {entry.path === "cli" ? entry.userAgent.split(" ")[0] : describeUserAgent(entry.userAgent)}
                    </p>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
