"use client";

import { cn } from "@/components/ui/cn";
import { nextApiKeyOrder, SORT_LABELS, type ApiKeyOrder, type ApiKeySort } from "@/lib/keys/api-key-order";

/**
 * A column header that sorts the list: a button inside the <th>, whose aria-sort says the current
 * order to screen readers ("ascending" / "descending"; none on the other columns).
 */
export function SortHeader({
  column,
  order,
  onOrderChange,
  className,
}: {
  column: ApiKeySort;
  order: ApiKeyOrder;
  onOrderChange: (order: ApiKeyOrder) => void;
  className?: string;
}) {
  const active = order.sort === column;
  return (
    <th scope="col" aria-sort={active ? (order.order === "asc" ? "ascending" : "descending") : undefined} className={cn("px-4 py-1.5", className)}>
      <button
        type="button"
        onClick={() => onOrderChange(nextApiKeyOrder(order, column))}
        className={cn(
          "-mx-2 inline-flex items-center gap-1 rounded px-2 py-1 font-medium whitespace-nowrap hover:bg-zinc-100 hover:text-zinc-900 focus:ring-2 focus:ring-indigo-600 focus:outline-none",
          active && "text-zinc-900",
        )}
      >
        {SORT_LABELS[column]}
        <svg viewBox="0 0 12 12" className={cn("size-3 fill-current", !active && "opacity-30")} aria-hidden="true">
          {active && order.order === "asc" ? <path d="M6 3 10 8H2z" /> : <path d="M6 9 2 4h8z" />}
        </svg>
      </button>
    </th>
  );
}

const PHONE_ORDERS: { label: string; order: ApiKeyOrder }[] = [
  { label: "Newest first", order: { sort: "created", order: "desc" } },
  { label: "Oldest first", order: { sort: "created", order: "asc" } },
  { label: "Name A–Z", order: { sort: "name", order: "asc" } },
  { label: "Name Z–A", order: { sort: "name", order: "desc" } },
  { label: "Recently used", order: { sort: "lastUsed", order: "desc" } },
  { label: "Least recently used", order: { sort: "lastUsed", order: "asc" } },
];

/** On a phone the rows are cards without a header row: a select sorts them instead. */
export function PhoneSortSelect({ order, onOrderChange }: { order: ApiKeyOrder; onOrderChange: (order: ApiKeyOrder) => void }) {
  const value = `${order.sort}-${order.order}`;
  return (
    <label className="flex items-center gap-2 text-sm text-zinc-700 sm:hidden">
      Sort
      <select
        value={value}
        onChange={(event) => onOrderChange(PHONE_ORDERS.find((option) => `${option.order.sort}-${option.order.order}` === event.target.value)!.order)}
        className="h-9 rounded-md border-0 bg-white px-2 text-sm shadow-sm ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none"
      >
        {PHONE_ORDERS.map((option) => (
          <option key={option.label} value={`${option.order.sort}-${option.order.order}`}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
