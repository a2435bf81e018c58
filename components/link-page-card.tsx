import Link from "next/link";
import { Logo } from "@/components/logo";

/** The frame of the pages behind links in mail or chat (an invitation, an email verification). */
export function LinkPageCard({ children, footer = true }: { children: React.ReactNode; footer?: boolean }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="mb-8 flex items-center gap-2.5">
        <Logo className="size-8" />
        <span className="text-lg font-semibold tracking-tight">Platform Console</span>
      </div>
      <div className="w-full max-w-md rounded-xl bg-white p-6 text-center shadow-sm ring-1 ring-zinc-900/10 sm:p-8">
        {children}
        {footer && (
          <Link href="/" className="mt-6 inline-block text-sm font-medium text-indigo-600 hover:text-indigo-500">
            Go to your workspaces
          </Link>
        )}
      </div>
    </main>
  );
}

export function LinkPageMessage({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight text-zinc-900">{title}</h1>
      <div className="mt-2 text-sm text-zinc-600">{children}</div>
    </>
  );
}
