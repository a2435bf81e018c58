import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { EmptyState, PageHeader } from "@/components/page-header";
import { ROLE_LABELS } from "@/lib/permissions";
import { listWorkspaces } from "@/lib/server/data/workspaces";
import { pageActor } from "@/lib/server/session";
import { CreateWorkspaceButton } from "./_components/create-workspace-button";

export const metadata: Metadata = { title: "Workspaces" };

export default async function HomePage({ searchParams }: { searchParams: Promise<{ all?: string }> }) {
  const workspaces = await listWorkspaces(await pageActor());
  const { all } = await searchParams;
  // Most people have one workspace: take them straight to it.
  if (workspaces.length === 1 && all === undefined) redirect(`/${workspaces[0]!.id}`);
  return (
    <>
      <PageHeader title="Workspaces" description="Choose a workspace to see its projects." actions={<CreateWorkspaceButton />} />
      {workspaces.length === 0 ? (
        <EmptyState title="No workspaces yet" action={<CreateWorkspaceButton />}>
          A workspace holds your team&apos;s projects, their databases and environments, and their API keys.
        </EmptyState>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {workspaces.map((workspace) => (
            <li key={workspace.id}>
              <Link
                href={`/${workspace.id}`}
                className="block rounded-xl bg-white p-5 shadow-sm ring-1 ring-zinc-900/10 transition hover:ring-indigo-300"
              >
                <p className="font-medium text-zinc-900 [overflow-wrap:anywhere]">{workspace.name}</p>
                <p className="mt-1 text-sm text-zinc-500">{ROLE_LABELS[workspace.role]}</p>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
