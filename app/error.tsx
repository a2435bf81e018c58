"use client";

import { PageError } from "@/components/page-error";

// Failures of any page outside the Console's layout, and of that layout itself (it reads the
// session from the database): the same page as app/(console)/error.tsx, in a frame of its own.
export default function RootError({ reset, retry }: { error: Error & { digest?: string }; reset: () => void; retry?: () => void }) {
  return <PageError retry={retry ?? reset} framed />;
}
