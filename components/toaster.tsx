"use client";

import { Toaster as Sonner, toast } from "sonner";

// Feedback for actions that change something and leave no dialog behind (a deletion, a rename, a
// role change): a toast, announced to screen readers (sonner's region is aria-live). sonner
// injects its stylesheet at run time, which the page CSP allows (style-src 'unsafe-inline'). A
// toast never carries a secret: only names, roles and counts.

/** `theme`: the user's choice (lib/theme.ts); sonner follows the device itself for "system". */
export function Toaster({ theme = "system" }: { theme?: "system" | "light" | "dark" }) {
  return <Sonner theme={theme} position="bottom-right" closeButton duration={5000} toastOptions={{ className: "text-sm" }} />;
}

/** Says that `what` happened. */
export function notifyDone(what: string) {
  toast.success(what);
}
