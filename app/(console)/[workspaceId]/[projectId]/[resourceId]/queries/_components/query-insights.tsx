"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useMemo, useState } from "react";
import { EmptyState } from "@/components/page-header";
import { cn } from "@/components/ui/cn";
import { USAGE_RANGES, type UsageRange } from "@/lib/schemas/usage";
import type { UsageReport } from "@/lib/server/data/usage";
import { getResourceUsageAction } from "@/lib/server/actions/get-resource-usage";
import { formatMs, formatPercent } from "./format-usage";
import { QueryShapesTable } from "./query-shapes-table";
import { UsageChart, type ChartSeries } from "./usage-chart";

const RANGE_LABELS: Record<UsageRange, string> = { "1h": "Last hour", "24h": "24 hours", "14d": "14 days" };

function Stat({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div className="rounded-xl bg-white px-4 py-3 shadow-sm ring-1 ring-zinc-900/10">
      <dt className="text-xs font-medium text-zinc-600">{label}</dt>
      <dd className="mt-1 text-xl font-semibold text-zinc-900 tabular-nums">{value}</dd>
      {detail && <dd className="text-xs text-zinc-600">{detail}</dd>}
    </div>
  );
}

/** The Queries tab: requests, latency, cache hit rate, top query shapes and errors, by range and key. */
export function QueryInsights({ resource, initial }: { resource: { id: string; name: string }; initial: UsageReport }) {
  const [range, setRange] = useState<UsageRange>("24h");
  const [keyId, setKeyId] = useState("");
  const pathname = usePathname();
  const query = useQuery({
    queryKey: ["usage", resource.id, range, keyId],
    queryFn: async () => {
      const to = new Date();
      const from = new Date(to.getTime() - USAGE_RANGES[range]);
      const result = await getResourceUsageAction({ resourceId: resource.id, from: from.toISOString(), to: to.toISOString(), keyId: keyId || undefined });
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
    ...(range === "24h" && keyId === "" ? { initialData: initial } : {}),
    refetchInterval: 30_000,
    placeholderData: (previous) => previous,
  });
  const report = query.data ?? initial;
  const keys = report.keys.length ? report.keys : initial.keys;
  const perMinute = 60 / report.slotSeconds;
  const chart = useMemo(() => {
    const times = report.series.map((point) => Date.parse(point.t));
    const requests: ChartSeries[] = [{ label: "Requests/min", values: report.series.map((point) => Math.round(point.requests * perMinute * 100) / 100), color: "indigo", unit: "", bars: true }];
    const latency: ChartSeries[] = [
      { label: "p99", values: report.series.map((point) => point.p99Ms), color: "amber", unit: "ms" },
      { label: "p50", values: report.series.map((point) => point.p50Ms), color: "indigo", unit: "ms" },
    ];
    const peak = Math.max(0, ...requests[0]!.values.map((value) => value ?? 0));
    return { times, requests, latency, peak };
  }, [report, perMinute]);
  const { totals } = report;
  const apiKeysHref = pathname.replace(/\/queries$/, "/api-keys");

  return (
    <section aria-labelledby="queries-heading" className="space-y-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h2 id="queries-heading" className="text-base font-semibold text-zinc-900">
            Query Insights
          </h2>
          <p className="mt-0.5 text-sm text-zinc-600">What the gateway served for {resource.name}: requests, latency, cache and the queries that cost the most.</p>
        </div>
        <div className="flex shrink-0 flex-wrap items-center gap-2">
          <div role="group" aria-label="Time range" className="inline-flex rounded-md shadow-sm ring-1 ring-zinc-300 ring-inset">
            {(Object.keys(RANGE_LABELS) as UsageRange[]).map((name) => (
              <button
                key={name}
                type="button"
                aria-pressed={range === name}
                onClick={() => setRange(name)}
                className={cn(
                  "h-8 px-3 text-xs font-medium first:rounded-l-md last:rounded-r-md focus-visible:ring-2 focus-visible:ring-indigo-600 focus-visible:outline-none",
                  range === name ? "bg-indigo-600 text-white" : "bg-white text-zinc-700 hover:bg-zinc-50",
                )}
              >
                {RANGE_LABELS[name]}
              </button>
            ))}
          </div>
          <label htmlFor="usage-key" className="sr-only">
            Filter by API key
          </label>
          <select
            id="usage-key"
            value={keyId}
            onChange={(event) => setKeyId(event.target.value)}
            className="h-8 max-w-[14rem] rounded-md border-0 bg-white px-2 text-xs text-zinc-900 shadow-sm ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none"
          >
            <option value="">All keys</option>
            {keys.map((key) => (
              <option key={key.id} value={key.id}>
                {key.name}
              </option>
            ))}
          </select>
        </div>
      </div>

      {query.isError && (
        <div role="alert" className="rounded-xl bg-red-50 px-5 py-4 text-sm text-red-700 ring-1 ring-red-200">
          Usage could not be loaded: {query.error.message}
        </div>
      )}

      {totals.requests === 0 ? (
        <EmptyState title="No traffic in this range">
          Requests that apps send through the gateway with {keyId ? "this key" : `${resource.name}'s keys`} show up here within a few seconds: counts, latency, cache hits and
          the query shapes (never their values). <Link href={apiKeysHref} className="font-medium text-indigo-700 underline">Create a key</Link> and point Prisma Client&apos;s{" "}
          <code className="font-mono text-xs">accelerateUrl</code> at it.
        </EmptyState>
      ) : (
        <>
          <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="usage-totals">
            <Stat label="Requests" value={totals.requests.toLocaleString("en-US")} detail={`peak ${chart.peak.toLocaleString("en-US")}/min`} />
            <Stat label="Errors" value={totals.errors.toLocaleString("en-US")} detail={totals.requests ? `${formatPercent(totals.errors / totals.requests)} of requests` : undefined} />
            <Stat label="Cache hit rate" value={formatPercent(totals.cacheHitRate)} detail={totals.cacheHits + totals.cacheMisses ? `${totals.cacheHits} of ${totals.cacheHits + totals.cacheMisses} cached reads` : "no cacheStrategy reads"} />
            <Stat label="Latency p50 / p99" value={`${formatMs(totals.p50Ms)}`} detail={`p99 ${formatMs(totals.p99Ms)}`} />
          </dl>
          <div className="grid gap-4 lg:grid-cols-2">
            <UsageChart testId="chart-requests" title="Requests per minute" summary={`${totals.requests.toLocaleString("en-US")} requests, peak ${chart.peak}/min`} times={chart.times} series={chart.requests} />
            <UsageChart testId="chart-latency" title="Latency (p50, p99)" summary={`p50 ${formatMs(totals.p50Ms)}, p99 ${formatMs(totals.p99Ms)} over the range`} times={chart.times} series={chart.latency} />
          </div>
          <div className="grid gap-4 lg:grid-cols-2">
            <QueryShapesTable testId="top-by-time" title="Top queries by total time" shapes={report.topByTotalTime} sortedBy="totalMs" />
            <QueryShapesTable testId="top-by-count" title="Top queries by count" shapes={report.topByCount} sortedBy="count" />
          </div>
          <section className="rounded-xl bg-white px-4 py-3 shadow-sm ring-1 ring-zinc-900/10" aria-labelledby="errors-heading" data-testid="errors-by-code">
            <h3 id="errors-heading" className="text-sm font-semibold text-zinc-900">
              Errors by code
            </h3>
            {report.errorsByCode.length === 0 ? (
              <p className="mt-1 text-sm text-zinc-600">No errors in this range.</p>
            ) : (
              <ul className="mt-2 flex flex-wrap gap-2">
                {report.errorsByCode.map((error) => (
                  <li key={error.code} className="rounded-full bg-red-50 px-2.5 py-0.5 text-xs font-medium text-red-700 ring-1 ring-red-200 ring-inset">
                    <span className="font-mono">{error.code}</span> × {error.count.toLocaleString("en-US")}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </section>
  );
}
