"use client";

import { Button } from "@/components/ui/button";

// Unexpected failures while rendering a Console page. The message is generic on purpose: the
// server logged the details, and they may name database internals.
export default function ConsoleError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-md rounded-xl bg-white p-8 text-center shadow-sm ring-1 ring-zinc-900/10">
      <h1 className="text-lg font-semibold text-zinc-900">Something went wrong</h1>
      <p className="mt-2 text-sm text-zinc-600">This page could not be loaded. Try again in a moment.</p>
      <Button className="mt-6" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
