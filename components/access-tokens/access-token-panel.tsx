"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { EmptyState } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { useHighlight } from "@/components/ui/use-highlight";
import { countOf } from "@/lib/format";
import type { AccessTokenDto } from "@/lib/server/data/access-tokens";
import { AccessTokenTable } from "./access-token-table";
import { CreateAccessTokenDialog } from "./create-access-token-dialog";
import { DeleteAccessTokenDialog } from "./delete-access-token-dialog";

/**
 * Access tokens (one's own, on the account's Access tokens page) or a workspace's service tokens
 * (workspace settings): how many, then name, hint, created, last used, Delete in the same table as
 * API keys; a new token is shown once in the same dialog as a new key, and its row is highlighted.
 */
export function AccessTokenPanel({
  tokens,
  workspaceId,
  title,
  description,
}: {
  tokens: AccessTokenDto[];
  workspaceId?: string;
  title: string;
  description: string;
}) {
  const [createOpen, setCreateOpen] = useState(false);
  const [toDelete, setToDelete] = useState<AccessTokenDto | null>(null);
  const [highlightedId, highlight] = useHighlight();
  const router = useRouter();
  const noun = workspaceId ? "service token" : "access token";
  const headingId = useId();

  return (
    <section className="overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-zinc-900/10" aria-labelledby={headingId}>
      <div className="flex flex-col gap-3 border-b border-zinc-200 px-5 py-4 sm:flex-row sm:items-center sm:justify-between">
        <div>
          <h2 id={headingId} className="text-sm font-semibold text-zinc-900">
            {title}
          </h2>
          <p className="mt-0.5 text-sm text-zinc-500">{description}</p>
          <p className="mt-1 text-xs font-medium text-zinc-600" data-testid="access-token-count">
            {countOf(tokens.length, noun)}
          </p>
        </div>
        <Button onClick={() => setCreateOpen(true)}>Create {noun}</Button>
      </div>
      {tokens.length === 0 ? (
        <div className="p-5">
          <EmptyState title={`No ${noun}s`}>Tokens you create are listed here, without their secret.</EmptyState>
        </div>
      ) : (
        <AccessTokenTable tokens={tokens} showCreator={workspaceId !== undefined} highlightedId={highlightedId} onDelete={setToDelete} />
      )}
      <CreateAccessTokenDialog
        open={createOpen}
        onOpenChange={setCreateOpen}
        workspaceId={workspaceId}
        noun={noun}
        onCreated={() => router.refresh()}
        onClosed={highlight}
      />
      <DeleteAccessTokenDialog token={toDelete} onClose={() => setToDelete(null)} onDeleted={() => router.refresh()} />
    </section>
  );
}
