"use client";

import { PageError } from "@/components/page-error";

// Unexpected failures while rendering a Console page, inside the Console's header. The message is
// generic on purpose (the server logged the details, and they may name database internals), except
// for a database outage, which PageError recognises and waits out.
export default function ConsoleError({ reset, retry }: { error: Error & { digest?: string }; reset: () => void; retry?: () => void }) {
  return <PageError retry={retry ?? reset} />;
}
