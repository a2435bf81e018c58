"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { Logo } from "@/components/logo";
import { Button, Spinner } from "@/components/ui/button";

// What a page shows when it could not be rendered (app/error.tsx, app/(console)/error.tsx). The
// error itself tells the browser nothing (Next.js strips it in production), so this asks the
// server: GET /api/health answers 503 while the database cannot be reached. Then the page says so
// calmly, checks again every few seconds and re-renders itself once the database is back; for
// any other failure it offers "Try again". Nothing here is logged: the server already did.

const CHECK_EVERY_MS = 3_000;

type Health = "healthy" | "database-unavailable" | "server-unreachable";
type Status = "checking" | "failed" | Exclude<Health, "healthy">;

async function health(): Promise<Health> {
  try {
    const response = await fetch("/api/health", { cache: "no-store" });
    return response.status === 503 ? "database-unavailable" : "healthy";
  } catch {
    return "server-unreachable";
  }
}

export function PageError({ retry, framed = false }: { retry: () => void; framed?: boolean }) {
  const [status, setStatus] = useState<Status>("checking");
  const [checks, setChecks] = useState(0);
  // Read by the timer's callback, which outlives the render that scheduled it.
  const current = useRef<Status>("checking");
  const retryRef = useRef(retry);
  retryRef.current = retry;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const check = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    const now = await health();
    setChecks((count) => count + 1);
    if (now === "healthy") {
      // Healthy from the start: a failure of its own. Healthy again after an outage: render again.
      if (current.current === "checking" || current.current === "failed") {
        current.current = "failed";
        setStatus("failed");
      } else retryRef.current();
      return;
    }
    current.current = now;
    setStatus(now);
    timer.current = setTimeout(() => void check(), CHECK_EVERY_MS);
  }, []);

  useEffect(() => {
    void check();
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [check]);

  const card = (
    <div role={status === "failed" ? "alert" : "status"} aria-live="polite" className="mx-auto w-full max-w-lg rounded-xl bg-white p-8 text-center shadow-sm ring-1 ring-zinc-900/10 sm:px-10">
      {status === "checking" ? (
        <div className="flex items-center justify-center gap-2 py-6 text-sm text-zinc-500">
          <Spinner /> Loading…
        </div>
      ) : status === "failed" ? (
        <>
          <h1 className="text-lg font-semibold text-zinc-900">Something went wrong</h1>
          <p className="mt-2 text-sm text-zinc-600">This page could not be loaded. Try again in a moment.</p>
          <Button className="mt-6" onClick={retry}>
            Try again
          </Button>
        </>
      ) : (
        <Unavailable what={status === "database-unavailable" ? "The database" : "The Console"} checks={checks} onRetry={() => void check()} />
      )}
    </div>
  );
  if (!framed) return card;
  // Outside the Console's layout (its own rendering failed): the page's frame is drawn here.
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="mb-8 flex items-center gap-2.5">
        <Logo className="size-8" />
        <span className="text-lg font-semibold tracking-tight">Platform Console</span>
      </div>
      {card}
    </main>
  );
}

function Unavailable({ what, checks, onRetry }: { what: string; checks: number; onRetry: () => void }) {
  return (
    <>
      <div className="mx-auto flex size-12 items-center justify-center rounded-full bg-amber-50 ring-1 ring-amber-200">
        <DatabaseIcon />
      </div>
      <h1 className="mt-4 text-lg font-semibold text-balance text-zinc-900">{what} is unavailable — retrying</h1>
      <p className="mx-auto mt-2 max-w-sm text-sm text-pretty text-zinc-600">
        {what === "The database"
          ? "The Console cannot reach its database right now. There is nothing you need to do: this page reloads by itself as soon as the database is back."
          : "The Console's server does not answer right now; it may be restarting. This page reloads by itself as soon as it is back."}
      </p>
      <p className="mt-5 flex items-center justify-center gap-2 text-xs text-zinc-500">
        <span className="relative flex size-2">
          <span className="absolute inline-flex size-full animate-ping rounded-full bg-amber-400 opacity-75" />
          <span className="relative inline-flex size-2 rounded-full bg-amber-500" />
        </span>
        Checking every {CHECK_EVERY_MS / 1000} seconds{checks > 1 ? ` · ${checks} checks so far` : ""}
      </p>
      <Button variant="secondary" size="sm" className="mt-6" onClick={onRetry}>
        Check now
      </Button>
    </>
  );
}

function DatabaseIcon() {
  return (
    <svg className="size-6 text-amber-600" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" aria-hidden="true">
      <ellipse cx="12" cy="5.5" rx="7" ry="2.5" />
      <path d="M5 5.5v6c0 1.4 3.1 2.5 7 2.5s7-1.1 7-2.5v-6" />
      <path d="M5 11.5v6c0 1.4 3.1 2.5 7 2.5s7-1.1 7-2.5v-6" />
    </svg>
  );
}
