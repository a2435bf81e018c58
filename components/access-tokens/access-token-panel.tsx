"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { EmptyState } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { formatDate, formatDateTime, formatRelative } from "@/lib/format";
import type { AccessTokenDto } from "@/lib/server/data/access-tokens";
import { CreateAccessTokenDialog } from "./create-access-token-dialog";
import { DeleteAccessTokenDialog } from "./delete-access-token-dialog";

/**
 * Personal access tokens (account page) or a workspace's service tokens (workspace settings):
 * name, hint, created, last used, Delete; created tokens are shown once, like API keys.
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
  const router = useRouter();
  const noun = workspaceId ? "service token" : "access token";
  const headingId = useId();

  return (
    <section className="rounded-xl bg-white shadow-sm ring-1 ring-zinc-900/10" aria-labelledby={headingId}>
      <div className="flex flex-col gap-3 border-b border-zinc-200 px-5 py-4 sm:flex-row sm:items-center sm:justify-between">
        <div>
          <h2 id={headingId} className="text-sm font-semibold text-zinc-900">
            {title}
          </h2>
          <p className="mt-0.5 text-sm text-zinc-500">{description}</p>
        </div>
        <Button onClick={() => setCreateOpen(true)}>Create {noun}</Button>
      </div>
      {tokens.length === 0 ? (
        <div className="p-5">
          <EmptyState title={`No ${noun}s`}>Tokens you create are listed here, without their secret.</EmptyState>
        </div>
      ) : (
        <ul className="divide-y divide-zinc-100">
          {tokens.map((token) => (
            <li key={token.id} data-testid="access-token-row" className="flex flex-wrap items-center justify-between gap-3 px-5 py-3 text-sm">
              <div className="min-w-0">
                <p className="font-medium text-zinc-900 [overflow-wrap:anywhere]">{token.name}</p>
                <p className="text-zinc-500">
                  <code className="font-mono text-xs">{token.hint}</code> · created{" "}
                  <time dateTime={token.createdAt} title={formatDateTime(token.createdAt)}>
                    {formatDate(token.createdAt)}
                  </time>
                  {token.createdBy && workspaceId ? ` by ${token.createdBy.name}` : ""} · last used{" "}
                  {token.lastUsedAt ? formatRelative(token.lastUsedAt) : "never"}
                </p>
              </div>
              <Button variant="danger-ghost" size="sm" aria-label={`Delete ${token.name}`} onClick={() => setToDelete(token)}>
                Delete
              </Button>
            </li>
          ))}
        </ul>
      )}
      <CreateAccessTokenDialog
        open={createOpen}
        onOpenChange={setCreateOpen}
        workspaceId={workspaceId}
        noun={noun}
        onCreated={() => router.refresh()}
      />
      <DeleteAccessTokenDialog token={toDelete} onClose={() => setToDelete(null)} onDeleted={() => router.refresh()} />
    </section>
  );
}
