import type { ConnectionTestResult } from "@/lib/server/data/resource-connections";

/** What "Test connection" found: reachable (server version, latency) or the cause, by host. */
export function ConnectionTestResultNote({ result }: { result: ConnectionTestResult }) {
  if (result.ok) {
    return (
      <div
        role="status"
        data-testid="connection-test-result"
        className="flex gap-2.5 rounded-lg bg-emerald-50 px-3.5 py-3 text-sm text-emerald-900 ring-1 ring-emerald-200 ring-inset"
      >
        <svg viewBox="0 0 20 20" className="mt-0.5 size-4 shrink-0 fill-emerald-600" aria-hidden="true">
          <path fillRule="evenodd" clipRule="evenodd" d="M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm3.857-9.809a.75.75 0 0 0-1.214-.882l-3.483 4.79-1.88-1.88a.75.75 0 1 0-1.06 1.061l2.5 2.5a.75.75 0 0 0 1.137-.089l4-5.5Z" />
        </svg>
        <div className="min-w-0">
          <p className="font-medium">Connected to {result.database.host}</p>
          <p className="mt-0.5 text-emerald-800 [overflow-wrap:anywhere]">
            PostgreSQL {result.serverVersion} · {formatMs(result.latencyMs)} round trip · {formatMs(result.connectMs)} to connect
          </p>
        </div>
      </div>
    );
  }
  return (
    <div
      role="alert"
      data-testid="connection-test-result"
      className="flex gap-2.5 rounded-lg bg-red-50 px-3.5 py-3 text-sm text-red-900 ring-1 ring-red-200 ring-inset"
    >
      <svg viewBox="0 0 20 20" className="mt-0.5 size-4 shrink-0 fill-red-500" aria-hidden="true">
        <path fillRule="evenodd" clipRule="evenodd" d="M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16ZM8.28 7.22a.75.75 0 0 0-1.06 1.06L8.94 10l-1.72 1.72a.75.75 0 1 0 1.06 1.06L10 11.06l1.72 1.72a.75.75 0 1 0 1.06-1.06L11.06 10l1.72-1.72a.75.75 0 0 0-1.06-1.06L10 8.94 8.28 7.22Z" />
      </svg>
      <div className="min-w-0">
        <p className="font-medium">Connection failed</p>
        <p className="mt-0.5 text-red-800 [overflow-wrap:anywhere]">{result.message}</p>
      </div>
    </div>
  );
}

function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}
