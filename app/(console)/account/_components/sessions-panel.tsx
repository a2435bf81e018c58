"use client";

import { useState, useTransition } from "react";
import { AlertDialog, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { formatDateTime, formatRelative } from "@/lib/format";
import { signOutEverywhereAction } from "@/lib/server/actions/sign-out-everywhere";
import { describeUserAgent } from "@/lib/user-agent";

export type SessionRow = { id: string; createdAt: string; userAgent: string | null; current: boolean };

/** The user's signed-in browsers, and "Sign out of all sessions". */
export function SessionsPanel({ sessions }: { sessions: SessionRow[] }) {
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  return (
    <section className="rounded-xl bg-white shadow-sm ring-1 ring-zinc-900/10" aria-labelledby="sessions-heading">
      <div className="flex flex-col gap-3 border-b border-zinc-200 px-5 py-4 sm:flex-row sm:items-center sm:justify-between">
        <div>
          <h2 id="sessions-heading" className="text-sm font-semibold text-zinc-900">
            Sessions
          </h2>
          <p className="mt-0.5 text-sm text-zinc-500">Browsers signed in to your account. A session lasts 7 days.</p>
        </div>
        <Button variant="secondary" onClick={() => setConfirming(true)}>
          Sign out of all sessions
        </Button>
      </div>
      <ul className="divide-y divide-zinc-100">
        {sessions.map((session) => (
          <li key={session.id} data-testid="session-row" className="flex flex-wrap items-center justify-between gap-2 px-5 py-3 text-sm">
            <div className="min-w-0">
              <p className="truncate font-medium text-zinc-900" title={session.userAgent ?? undefined}>
                {describeUserAgent(session.userAgent)}
              </p>
              <p className="text-zinc-500">
                Signed in{" "}
                <time dateTime={session.createdAt} title={formatDateTime(session.createdAt)}>
                  {formatRelative(session.createdAt)}
                </time>
              </p>
            </div>
            {session.current && (
              <span className="rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-700 ring-1 ring-inset ring-indigo-200">
                This browser
              </span>
            )}
          </li>
        ))}
      </ul>
      <AlertDialog open={confirming} onOpenChange={(open) => !pending && (setError(null), setConfirming(open))}>
        <AlertDialogContent
          title="Sign out of all sessions?"
          error={error}
          description={
            <p>
              Every browser signed in to your account is signed out, this one included. Access tokens used by the CLI and
              scripts keep working; delete them on the Access tokens page.
            </p>
          }
        >
          <AlertDialogCancel asChild>
            <Button variant="secondary" disabled={pending}>
              Cancel
            </Button>
          </AlertDialogCancel>
          <Button
            variant="danger"
            pending={pending}
            onClick={() =>
              startTransition(async () => {
                // On success the action redirects to the sign-in page; a result means it failed.
                const result = await signOutEverywhereAction();
                if (!result.ok) setError(result.error);
              })
            }
          >
            Sign out everywhere
          </Button>
        </AlertDialogContent>
      </AlertDialog>
    </section>
  );
}
