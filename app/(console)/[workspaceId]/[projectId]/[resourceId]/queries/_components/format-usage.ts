/** "0.42 ms", "12 ms", "1.3 s", or "—" when there is nothing to report. */
export function formatMs(value: number | null): string {
  if (value === null) return "—";
  if (value < 10) return `${value.toFixed(2)} ms`;
  if (value < 1000) return `${Math.round(value)} ms`;
  return `${(value / 1000).toFixed(1)} s`;
}

export function formatPercent(rate: number | null): string {
  return rate === null ? "—" : `${Math.round(rate * 1000) / 10} %`;
}
