"use client";

import { useEffect, useRef } from "react";
import type uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

// One time-series chart, drawn by uPlot (a ~20 KB canvas chart library), loaded only when a chart
// is on screen: the import below is dynamic, so the library is a chunk of its own that the API Keys
// tab never loads. The box keeps its height before, during and after loading (no layout jump),
// and the chart is described in text for screen readers (`summary`) since a canvas says nothing.

export type ChartSeries = { label: string; values: (number | null)[]; color: "indigo" | "amber" | "red"; unit: "" | "ms"; bars?: boolean };

/** Axis labels: plain counts, or durations as "250 ms" / "1.5 s". */
function tickLabel(value: number | null, unit: ChartSeries["unit"]): string {
  // A log scale's axis filters some ticks out: uPlot passes them as null.
  if (value === null || value === undefined) return "";
  if (unit === "") return `${+value.toFixed(2)}`;
  return value >= 1000 ? `${+(value / 1000).toFixed(1)} s` : `${+value.toFixed(2)} ms`;
}

const HEIGHT = 180;

function cssColor(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

/** A log scale's range in whole powers of ten around the data (uPlot draws nothing for an empty or zero-width one). */
function logRange(_u: uPlot, min: number | null, max: number | null): [number, number] {
  const low = 10 ** Math.floor(Math.log10(min && min > 0 ? min : 0.1));
  const high = 10 ** Math.ceil(Math.log10(max && max > 0 ? max : 10));
  return [low, high > low ? high : low * 10];
}

function powersOfTen(min: number, max: number): number[] {
  const out: number[] = [];
  for (let exponent = Math.round(Math.log10(min)); exponent <= Math.round(Math.log10(max)); exponent++) out.push(10 ** exponent);
  return out;
}

const PALETTE = { indigo: ["--color-indigo-500", "#6366f1"], amber: ["--color-amber-500", "#f59e0b"], red: ["--color-red-500", "#ef4444"] } as const;

export function UsageChart({ title, summary, times, series, testId }: { title: string; summary: string; times: number[]; series: ChartSeries[]; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    let chart: uPlot | null = null;
    let cancelled = false;
    let observer: ResizeObserver | null = null;
    void import("uplot").then(({ default: UPlot }) => {
      if (cancelled) return;
      const axisColor = cssColor("--color-zinc-500", "#71717a");
      const gridColor = cssColor("--color-zinc-200", "#e4e4e7");
      const axis = { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor, width: 1 }, font: "11px ui-sans-serif, system-ui, sans-serif" };
      const options: uPlot.Options = {
        width: Math.max(200, element.clientWidth),
        height: HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        // Durations on a log scale: a p50 of 2 ms and a p99 of 2 s are both readable on one chart.
        scales: {
          x: { time: true },
          y: series[0]?.unit === "ms" ? { distr: 3, log: 10, range: logRange } : { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
        },
        axes: [
          { ...axis },
          {
            ...axis,
            size: 60,
            values: (_u, ticks) => ticks.map((tick) => tickLabel(tick, series[0]?.unit ?? "")),
            // On the log scale only the powers of ten get a line and a label (1 ms, 10 ms, 100 ms, …).
            ...(series[0]?.unit === "ms" ? { splits: (_u: uPlot, _axis: number, min: number, max: number) => powersOfTen(min, max) } : {}),
          },
        ],
        series: [
          {},
          ...series.map((item) => {
            const [variable, fallback] = PALETTE[item.color];
            const color = cssColor(variable, fallback);
            // Lines get dots too: a range with one busy slot would otherwise draw nothing.
            const look = item.bars
              ? { paths: UPlot.paths.bars!({ size: [0.8, 24] }), fill: color, width: 0, points: { show: false } }
              : { width: 2, points: { show: true, size: 5, fill: color } };
            return { label: item.label, stroke: color, spanGaps: false, ...look };
          }),
        ],
      };
      element.replaceChildren();
      chart = new UPlot(options, [times.map((t) => t / 1000), ...series.map((item) => item.values)] as uPlot.AlignedData, element);
      element.dataset.ready = "true";
      observer = new ResizeObserver(() => chart?.setSize({ width: Math.max(200, element.clientWidth), height: HEIGHT }));
      observer.observe(element);
    });
    return () => {
      cancelled = true;
      observer?.disconnect();
      chart?.destroy();
    };
  }, [times, series]);

  return (
    <figure className="min-w-0 rounded-xl bg-white p-4 shadow-sm ring-1 ring-zinc-900/10" data-testid={testId}>
      <figcaption className="mb-2 flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
        <span className="font-medium text-zinc-900">{title}</span>
        <span className="text-xs text-zinc-600">{summary}</span>
      </figcaption>
      <div ref={box} role="img" aria-label={`${title}: ${summary}`} className="w-full overflow-hidden" style={{ height: HEIGHT }} />
    </figure>
  );
}
