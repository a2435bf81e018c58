import type { Metadata } from "next";
import { connection } from "next/server";
import { NotFoundMessage } from "@/components/not-found-message";

export const metadata: Metadata = { title: "Page not found" };

// A URL no route matches: rendered in the root layout alone, so it brings its own <main>. (A
// Console page that calls notFound() renders app/(console)/[workspaceId]/not-found.tsx instead,
// inside the Console layout's <main>.) Rendered per request (not prerendered) so that its scripts
// carry the request's CSP nonce (proxy.ts).
export default async function NotFound() {
  await connection();
  return (
    <main>
      <NotFoundMessage />
    </main>
  );
}
