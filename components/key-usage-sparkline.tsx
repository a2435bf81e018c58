import type { KeyUsage24h } from "@/lib/server/data/usage";

// A key's requests over the last 24 hours: the count and 24 hourly bars, drawn as a tiny inline SVG
// (no chart library on the API Keys tab). The SVG is decorative; the text says the number.

const WIDTH = 48;
const HEIGHT = 16;

export function KeyUsageSparkline({ usage }: { usage: KeyUsage24h | undefined }) {
  const hourly = usage?.hourly ?? [];
  const requests = usage?.requests ?? 0;
  const peak = Math.max(1, ...hourly);
  const bar = WIDTH / Math.max(1, hourly.length);
  return (
    <span className="inline-flex items-center gap-2 whitespace-nowrap" data-testid="key-usage" title={`${requests.toLocaleString("en-US")} requests in the last 24 hours`}>
      <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true" className="shrink-0 text-indigo-500">
        <line x1="0" y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} stroke="currentColor" strokeOpacity="0.25" />
        {hourly.map((count, index) =>
          count > 0 ? <rect key={index} x={index * bar + 0.25} y={HEIGHT - Math.max(1.5, (count / peak) * HEIGHT)} width={Math.max(0.5, bar - 0.5)} height={Math.max(1.5, (count / peak) * HEIGHT)} fill="currentColor" /> : null,
        )}
      </svg>
      <span className="text-zinc-700 tabular-nums">
        {requests.toLocaleString("en-US")}
        <span className="sr-only"> requests in the last 24 hours</span>
      </span>
    </span>
  );
}
