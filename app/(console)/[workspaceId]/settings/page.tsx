import type { Metadata } from "next";
import Link from "next/link";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { PageHeader } from "@/components/page-header";
import { RenameButton } from "@/components/rename-button";
import { countOf } from "@/lib/format";
import { can } from "@/lib/permissions";
import { AccessTokenPanel } from "@/components/access-tokens/access-token-panel";
import { listServiceTokens } from "@/lib/server/data/access-tokens";
import { listInvitations } from "@/lib/server/data/invitations";
import { getNudgeThresholds } from "@/lib/server/data/key-nudges";
import { getKeyPolicy } from "@/lib/server/data/key-policy";
import { getWorkspace, listMembers } from "@/lib/server/data/workspaces";
import { mailEnabled } from "@/lib/server/mail";
import { loadOrNotFound } from "@/lib/server/page-data";
import { pageActor } from "@/lib/server/session";
import { InviteMemberDialog } from "./_components/invite-member-dialog";
import { KeyNudgesCard } from "./_components/key-nudges-card";
import { KeyPolicyCard } from "./_components/key-policy-card";
import { LeaveWorkspace } from "./_components/leave-workspace";
import { MemberRow } from "./_components/member-row";
import { PendingInvitations } from "./_components/pending-invitations";

export const metadata: Metadata = { title: "Workspace settings" };

export default async function WorkspaceSettingsPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const actor = await pageActor();
  const workspace = await loadOrNotFound(getWorkspace(actor, workspaceId));
  const isAdmin = can(workspace.role, "workspace:admin");
  const mailDelivery = mailEnabled();
  const [members, invitations, serviceTokens, keyPolicy, nudgeThresholds] = await Promise.all([
    listMembers(actor, workspaceId),
    isAdmin ? listInvitations(actor, workspaceId) : Promise.resolve([]),
    isAdmin ? listServiceTokens(actor, workspaceId) : Promise.resolve([]),
    getKeyPolicy(actor, workspaceId),
    getNudgeThresholds(actor, workspaceId),
  ]);
  return (
    <>
      <Breadcrumbs
        items={[
          { label: "Workspaces", href: "/?all=1" },
          { label: workspace.name, href: `/${workspaceId}` },
          { label: "Settings" },
        ]}
      />
      <PageHeader
        eyebrow="Workspace settings"
        title={workspace.name}
        actions={
          isAdmin ? (
            <>
              <Link
                href={`/${workspaceId}/audit-log`}
                className="inline-flex h-10 items-center rounded-md bg-white px-4 text-sm font-medium text-zinc-800 shadow-sm ring-1 ring-zinc-300 ring-inset hover:bg-zinc-50"
              >
                Audit log
              </Link>
              <RenameButton target={{ type: "workspace", id: workspace.id, name: workspace.name }} />
              <InviteMemberDialog workspaceId={workspace.id} mailDelivery={mailDelivery} />
            </>
          ) : undefined
        }
      />
      <section className="rounded-xl bg-white shadow-sm ring-1 ring-zinc-900/10">
        <div className="border-b border-zinc-200 px-5 py-4">
          <div className="flex items-baseline gap-2">
            <h2 className="text-sm font-semibold text-zinc-900">Members</h2>
            <span className="text-sm text-zinc-500" data-testid="member-count">
              {countOf(members.length, "member")}
            </span>
          </div>
          <p className="mt-0.5 text-sm text-zinc-500">
            Admins manage everything; Developers manage projects, resources and keys; Viewers read without seeing any secret;
            Billing has no project access.
          </p>
        </div>
        <ul className="divide-y divide-zinc-100">
          {members.map((member) => (
            <MemberRow
              key={member.userId}
              workspaceId={workspace.id}
              member={member}
              isAdmin={isAdmin}
              isSelf={actor.type === "user" && member.userId === actor.userId}
            />
          ))}
        </ul>
      </section>
      <PendingInvitations invitations={invitations} workspaceName={workspace.name} mailDelivery={mailDelivery} />
      {isAdmin && (
        <div className="mt-6">
          <AccessTokenPanel
            tokens={serviceTokens}
            workspaceId={workspace.id}
            title="Service tokens"
            description="For CI and servers: a service token acts as a Developer of this workspace only, and belongs to no person."
          />
        </div>
      )}
      <KeyPolicyCard workspaceId={workspace.id} policy={keyPolicy} isAdmin={isAdmin} />
      <KeyNudgesCard workspaceId={workspace.id} thresholds={nudgeThresholds} isAdmin={isAdmin} />
      <LeaveWorkspace workspaceId={workspace.id} workspaceName={workspace.name} />
      {/* zinc-600, not 500: on the code's zinc-100 chip, 500 is 4.39:1 (axe asks 4.5:1 for small text). */}
      <p className="mt-4 text-xs text-zinc-600">
        Workspace id <code className="rounded bg-zinc-100 px-1 py-0.5 font-mono">{workspace.id}</code>
      </p>
    </>
  );
}
