import type { QueryShapeDto } from "@/lib/server/data/usage";
import { formatMs } from "./format-usage";

/** The top query shapes of a range: model and operation, the normalized SQL, and their figures. */
export function QueryShapesTable({ title, shapes, sortedBy, testId }: { title: string; shapes: QueryShapeDto[]; sortedBy: "totalMs" | "count"; testId: string }) {
  return (
    <section className="min-w-0 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-zinc-900/10" data-testid={testId} aria-label={title}>
      <h3 className="border-b border-zinc-200 px-4 py-3 text-sm font-semibold text-zinc-900">{title}</h3>
      {shapes.length === 0 ? (
        <p className="px-4 py-6 text-sm text-zinc-600">No queries ran on the database in this range (cache hits run none).</p>
      ) : (
        <ol className="divide-y divide-zinc-100">
          {shapes.map((shape) => (
            <li key={shape.id} className="px-4 py-3" data-testid="query-shape">
              <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
                <p className="text-sm font-medium text-zinc-900">
                  <span className="font-mono">{shape.model ?? "raw"}</span>
                  <span className="text-zinc-500">.</span>
                  <span className="font-mono">{shape.operation}</span>
                </p>
                <p className="text-xs text-zinc-600 tabular-nums">
                  <span className={sortedBy === "count" ? "font-semibold text-zinc-900" : undefined}>{shape.count.toLocaleString("en-US")} ×</span>
                  {" · "}
                  <span className={sortedBy === "totalMs" ? "font-semibold text-zinc-900" : undefined}>{formatMs(shape.totalMs)} total</span>
                  {" · "}avg {formatMs(shape.avgMs)} · p99 {formatMs(shape.p99Ms)} · {shape.rows.toLocaleString("en-US")} rows
                </p>
              </div>
              <code className="mt-1 block truncate font-mono text-xs text-zinc-600" title={shape.text}>
                {shape.text}
              </code>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
