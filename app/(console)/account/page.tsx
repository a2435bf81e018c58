import type { Metadata } from "next";
import Link from "next/link";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { PageHeader } from "@/components/page-header";
import { listSessions } from "@/lib/server/data/sessions";
import { currentSession, redirectToSignIn } from "@/lib/server/session";
import { ChangePasswordForm } from "./_components/change-password-form";
import { SessionsPanel, type SessionRow } from "./_components/sessions-panel";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const session = await currentSession();
  if (!session) return redirectToSignIn();
  const sessions: SessionRow[] = (await listSessions(session.user.id)).map((row) => ({
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    userAgent: row.userAgent,
    current: row.id === session.sessionId,
  }));
  return (
    <>
      <Breadcrumbs items={[{ label: "Workspaces", href: "/?all=1" }, { label: "Account" }]} />
      <PageHeader
        eyebrow="Your account"
        title={session.user.name}
        description={
          <>
            Signed in as <strong className="font-medium text-zinc-900">{session.user.email}</strong>. Access tokens for the
            REST API and the CLI are on the{" "}
            <Link href="/account/tokens" className="font-medium text-indigo-600 hover:text-indigo-500">
              Access tokens
            </Link>{" "}
            page.
          </>
        }
      />
      <div className="space-y-6">
        <section className="rounded-xl bg-white shadow-sm ring-1 ring-zinc-900/10" aria-labelledby="password-heading">
          <div className="border-b border-zinc-200 px-5 py-4">
            <h2 id="password-heading" className="text-sm font-semibold text-zinc-900">
              Change password
            </h2>
            <p className="mt-0.5 text-sm text-zinc-500">Every other session is signed out; this browser stays signed in.</p>
          </div>
          <div className="px-5 py-5">
            <ChangePasswordForm />
          </div>
        </section>
        <SessionsPanel sessions={sessions} />
      </div>
    </>
  );
}
