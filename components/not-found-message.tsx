import Link from "next/link";

/**
 * What every 404 says. Missing objects and other workspaces' objects both end here, with the same
 * words. It is content, not a landmark: the root 404 wraps it in its own <main>, the Console's
 * 404 renders it inside the Console layout's <main> (a <main> inside a <main> is two main landmarks).
 */
export function NotFoundMessage() {
  return (
    <div className="flex min-h-[60dvh] flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-zinc-900">Page not found</h1>
      <p className="mt-2 max-w-md text-sm text-zinc-600">
        This page could not be found. It may not exist, or you may not have access to it.
      </p>
      <Link href="/?all=1" className="mt-6 rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500">
        Back to your workspaces
      </Link>
    </div>
  );
}
