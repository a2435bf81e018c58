"use client";

import { useEffect, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { formatDate } from "@/lib/format";
import { CONNECTION_SAVED_PARAMETER } from "@/lib/settings-url";
import type { ConnectionTestResult, DatabaseConnectionDto } from "@/lib/server/data/resource-connections";
import { testResourceConnectionAction } from "@/lib/server/actions/test-resource-connection";
import { ConnectionStringDialog, LockIcon } from "./connection-string-dialog";
import { ConnectionTestResultNote } from "./connection-test-result";
import { RemoveConnectionDialog } from "./remove-connection-dialog";

/** What the page knows of the stored connection: never the string, only its description. */
export type StoredConnection =
  | { state: "none" }
  | { state: "set"; connection: DatabaseConnectionDto }
  | { state: "unreadable"; message: string };

// On a phone the three header buttons fit one row at the small size; from `sm` on, the usual size.
const COMPACT = "sm:h-10 sm:px-4";

/**
 * The Settings tab's "Database connection" card. Admins and Developers set, replace, remove and
 * test it; Viewers see host, port, database and user, read-only. The page re-renders from the
 * server after each change (the actions revalidate it); this component only keeps what happened
 * last (saved, removed, a test's result) for the note it shows.
 */
export function DatabaseConnectionCard({
  resourceId,
  stored,
  canChange,
  justSaved = false,
}: {
  resourceId: string;
  stored: StoredConnection;
  canChange: boolean;
  justSaved?: boolean;
}) {
  const [dialog, setDialog] = useState<"set" | "remove" | null>(null);
  const [notice, setNotice] = useState<"saved" | "removed" | null>(justSaved ? "saved" : null);
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const [testError, setTestError] = useState<string | null>(null);
  const [testing, startTest] = useTransition();

  // The create dialog's "saved" flag has done its job once shown: a reload should not repeat it.
  useEffect(() => {
    if (!justSaved) return;
    const url = new URL(window.location.href);
    url.searchParams.delete(CONNECTION_SAVED_PARAMETER);
    window.history.replaceState(window.history.state, "", url);
  }, [justSaved]);

  function test() {
    setNotice(null);
    startTest(async () => {
      const answer = await testResourceConnectionAction({ resourceId });
      setResult(answer.ok ? answer.data : null);
      setTestError(answer.ok ? null : answer.error);
    });
  }

  const changed = (next: "saved" | "removed") => {
    setNotice(next);
    setResult(null);
    setTestError(null);
  };
  const host = stored.state === "set" ? stored.connection.host : null;

  return (
    <section aria-labelledby="database-connection-heading" data-testid="database-connection-card" className="rounded-xl bg-white shadow-sm ring-1 ring-zinc-900/10">
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-3 border-b border-zinc-200 px-5 py-4">
        <div className="min-w-0 flex-1 basis-64">
          <h2 id="database-connection-heading" className="text-sm font-semibold text-zinc-900">
            Database connection
          </h2>
          <p className="mt-1 text-sm text-zinc-500">
            The PostgreSQL database that Prisma Clients using this resource&apos;s API keys query through the gateway.
          </p>
        </div>
        {canChange && stored.state !== "none" && (
          <div className="flex flex-wrap gap-2">
            {stored.state === "set" && (
              <Button variant="secondary" onClick={test} pending={testing} size="sm" className={COMPACT}>
                Test connection
              </Button>
            )}
            <Button variant="secondary" onClick={() => setDialog("set")} size="sm" className={COMPACT}>
              Replace
            </Button>
            <Button variant="danger-ghost" onClick={() => setDialog("remove")} size="sm" className={COMPACT}>
              Remove
            </Button>
          </div>
        )}
      </div>

      {stored.state === "set" && <ConnectionDetails connection={stored.connection} />}
      {stored.state === "unreadable" && (
        <p role="alert" className="m-5 rounded-lg bg-amber-50 px-3.5 py-3 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset">
          {stored.message} {canChange ? "Replace it with the current connection string, or remove it." : "An Admin or Developer can replace it."}
        </p>
      )}
      {stored.state === "none" && (
        <div className="px-5 py-10 text-center">
          <DatabaseIcon />
          <p className="mt-3 text-sm font-medium text-zinc-900">No database connection</p>
          <p className="mx-auto mt-1 max-w-md text-sm text-zinc-500">
            {canChange
              ? "Add a postgresql:// connection string, and a Prisma Client given one of this resource's API keys runs its queries on that database."
              : "No connection string has been set for this resource yet."}
          </p>
          {canChange && (
            <Button className="mt-5" onClick={() => setDialog("set")}>
              Add connection string
            </Button>
          )}
        </div>
      )}

      {(notice || result || testError) && (
        <div className="space-y-3 border-t border-zinc-100 px-5 py-4">
          {notice === "saved" && stored.state === "set" && (
            <p role="status" className="flex gap-2 rounded-lg bg-emerald-50 px-3.5 py-3 text-sm text-emerald-900 ring-1 ring-emerald-200 ring-inset">
              <LockIcon className="mt-0.5 size-4 shrink-0 fill-emerald-600" />
              <span>
                Connection saved. The password is stored encrypted and won&apos;t be shown again.
                {" "}
                <button type="button" onClick={test} className="font-medium underline underline-offset-2 hover:text-emerald-700">
                  Test it now
                </button>
              </span>
            </p>
          )}
          {notice === "removed" && stored.state === "none" && (
            <p role="status" className="rounded-lg bg-zinc-50 px-3.5 py-3 text-sm text-zinc-700 ring-1 ring-zinc-200 ring-inset">
              Connection removed. The encrypted connection string was deleted.
            </p>
          )}
          {result && <ConnectionTestResultNote result={result} />}
          {testError && (
            <p role="alert" className="rounded-lg bg-red-50 px-3.5 py-3 text-sm text-red-800 ring-1 ring-red-200 ring-inset">
              {testError}
            </p>
          )}
        </div>
      )}

      <p className="border-t border-zinc-100 px-5 py-3 text-xs text-zinc-500">
        {canChange ? (
          <>
            From a terminal:{" "}
            <code className="font-mono [overflow-wrap:anywhere]">npx platform environment update -e {resourceId} --connection-string -</code> reads
            the string from stdin, so it stays out of your shell history.
          </>
        ) : (
          "Only Admins and Developers can change or test the database connection."
        )}
      </p>

      {canChange && (
        <>
          <ConnectionStringDialog
            open={dialog === "set"}
            onOpenChange={(open) => setDialog(open ? "set" : null)}
            resourceId={resourceId}
            replacing={stored.state !== "none"}
            onSaved={() => changed("saved")}
          />
          <RemoveConnectionDialog
            open={dialog === "remove"}
            onOpenChange={(open) => setDialog(open ? "remove" : null)}
            resourceId={resourceId}
            host={host}
            onRemoved={() => changed("removed")}
          />
        </>
      )}
    </section>
  );
}

function ConnectionDetails({ connection }: { connection: DatabaseConnectionDto }) {
  const rows: [string, React.ReactNode][] = [
    ["Host", <code key="host" className="font-mono text-xs break-all">{connection.host}</code>],
    ["Port", connection.port],
    ["Database", <code key="database" className="font-mono text-xs break-all">{connection.name}</code>],
    ["User", <code key="user" className="font-mono text-xs break-all">{connection.user}</code>],
    [
      "Password",
      <span key="password" className="inline-flex flex-wrap items-center gap-x-2 gap-y-0.5">
        <span aria-hidden="true" className="font-mono tracking-widest text-zinc-400">••••••••</span>
        <span className="inline-flex items-center gap-1 text-xs text-zinc-500">
          <LockIcon className="size-3 shrink-0 fill-zinc-400" />
          Stored encrypted · never shown again
        </span>
      </span>,
    ],
    ["Updated", formatDate(connection.updatedAt)],
  ];
  return (
    <dl className="divide-y divide-zinc-100" data-testid="database-connection-details">
      {rows.map(([label, value]) => (
        <div key={label} className="grid grid-cols-3 gap-4 px-5 py-3 text-sm">
          <dt className="text-zinc-500">{label}</dt>
          <dd className="col-span-2 break-words text-zinc-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function DatabaseIcon() {
  return (
    <svg viewBox="0 0 24 24" className="mx-auto size-10 text-zinc-300" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
      <ellipse cx="12" cy="5.5" rx="7.5" ry="3" />
      <path d="M4.5 5.5v6.5c0 1.66 3.36 3 7.5 3s7.5-1.34 7.5-3V5.5" />
      <path d="M4.5 12v6.5c0 1.66 3.36 3 7.5 3s7.5-1.34 7.5-3V12" />
    </svg>
  );
}
