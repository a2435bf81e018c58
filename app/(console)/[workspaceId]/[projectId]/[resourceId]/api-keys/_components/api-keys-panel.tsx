"use client";

import { useDeferredValue, useState } from "react";
import { EmptyState } from "@/components/page-header";
import { Button, Spinner } from "@/components/ui/button";
import { useHighlight } from "@/components/ui/use-highlight";
import { countOf } from "@/lib/format";
import { apiKeyOrderQuery, type ApiKeyOrder } from "@/lib/keys/api-key-order";
import type { KeyPolicy } from "@/lib/keys/expiry";
import type { ApiKeyDto, ApiKeyPage } from "@/lib/server/data/api-keys";
import { ApiKeyTable } from "./api-key-table";
import { NudgeSummary } from "./nudge-summary";
import { PhoneSortSelect } from "./sort-header";
import { CreateApiKeyDialog } from "./create-api-key-dialog";
import { DeleteApiKeyDialog } from "./delete-api-key-dialog";
import { RollApiKeyDialog } from "./roll-api-key-dialog";
import { useApiKeys } from "./use-api-keys";

export type ResourceSummary = { id: string; name: string; kind: "database" | "environment" };

export function ApiKeysPanel({
  resource,
  canWrite,
  initialPage,
  initialOrder,
  gatewayHost,
  policy,
}: {
  resource: ResourceSummary;
  canWrite: boolean;
  initialPage: ApiKeyPage;
  /** The order in the page's URL, which the server rendered initialPage in. */
  initialOrder: ApiKeyOrder;
  gatewayHost: string;
  policy: KeyPolicy;
}) {
  const [createOpen, setCreateOpen] = useState(false);
  const [keyToDelete, setKeyToDelete] = useState<ApiKeyDto | null>(null);
  const [keyToRoll, setKeyToRoll] = useState<ApiKeyDto | null>(null);
  const [search, setSearch] = useState("");
  const [order, setOrder] = useState(initialOrder);
  const [highlightedId, highlight] = useHighlight();
  const deferredSearch = useDeferredValue(search.trim());
  const query = useApiKeys(resource.id, deferredSearch, order, { page: initialPage, order: initialOrder });
  const keys = query.data?.pages.flatMap((page) => page.items) ?? [];
  const total = query.data?.pages.at(-1)?.total ?? 0;
  const nudges = query.data?.pages[0]?.nudges ?? null;
  const searching = deferredSearch !== "";
  const showSearch = searching || keys.length > 5 || query.hasNextPage;

  function changeOrder(next: ApiKeyOrder) {
    setOrder(next);
    // In the URL, without a navigation: the list refetches itself; a reload or a shared link keeps the order.
    window.history.replaceState(window.history.state, "", `${window.location.pathname}${apiKeyOrderQuery(next)}`);
  }

  return (
    <section aria-labelledby="api-keys-heading">
      <div className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h2 id="api-keys-heading" className="text-base font-semibold text-zinc-900">
            API Keys
          </h2>
          <p className="mt-0.5 text-sm text-zinc-600">
            Keys authenticate requests from your Prisma Client to products such as Accelerate and Optimize. Each key works
            only for {resource.name}.
          </p>
        </div>
        {canWrite ? (
          <Button onClick={() => setCreateOpen(true)}>Create API Key</Button>
        ) : (
          <p className="rounded-md bg-zinc-100 px-3 py-1.5 text-xs text-zinc-600" data-testid="read-only-note">
            Read-only: your role can list keys but not create or delete them. Ask an Admin of this workspace.
          </p>
        )}
      </div>

      {nudges && <NudgeSummary counts={nudges} />}

      <div className="mb-3 flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
        <p className="text-sm font-medium text-zinc-700" data-testid="api-key-count" aria-live="polite">
          {query.isPending ? "" : searching ? `${countOf(total, "key")} matching “${deferredSearch}”` : countOf(total, "key")}
        </p>
        <div className="flex flex-wrap items-center gap-3">
          {showSearch && (
            <>
              <label htmlFor="api-key-search" className="sr-only">
                Search keys by name
              </label>
              <input
                id="api-key-search"
                type="search"
                value={search}
                onChange={(event) => setSearch(event.target.value)}
                placeholder="Search keys by name"
                maxLength={64}
                className="h-9 w-full max-w-xs rounded-md border-0 bg-white px-3 text-sm shadow-sm ring-1 ring-zinc-300 ring-inset placeholder:text-zinc-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none"
              />
            </>
          )}
          {keys.length > 1 && <PhoneSortSelect order={order} onOrderChange={changeOrder} />}
        </div>
      </div>

      {query.isError ? (
        <div role="alert" className="rounded-xl bg-red-50 px-5 py-4 text-sm text-red-700 ring-1 ring-red-200">
          The keys could not be loaded: {query.error.message}{" "}
          <button className="font-medium underline" onClick={() => query.refetch()}>
            Try again
          </button>
        </div>
      ) : query.isPending ? (
        <div className="flex items-center gap-2 rounded-xl bg-white px-5 py-8 text-sm text-zinc-500 ring-1 ring-zinc-900/10">
          <Spinner /> Loading keys…
        </div>
      ) : keys.length === 0 ? (
        searching ? (
          <EmptyState title="No matching keys">No key of this resource has a name containing “{deferredSearch}”.</EmptyState>
        ) : (
          <EmptyState
            title="No API keys yet"
            action={canWrite ? <Button onClick={() => setCreateOpen(true)}>Create API Key</Button> : undefined}
          >
            {canWrite
              ? "Create a key to connect an application to this resource. You will see the key once."
              : "Keys created for this resource will be listed here."}
          </EmptyState>
        )
      ) : (
        <>
          <ApiKeyTable
            keys={keys}
            canWrite={canWrite}
            order={order}
            onOrderChange={changeOrder}
            highlightedId={highlightedId}
            onDelete={setKeyToDelete}
            onRoll={setKeyToRoll}
          />
          {query.hasNextPage && (
            <div className="mt-3 flex justify-center">
              <Button variant="secondary" pending={query.isFetchingNextPage} onClick={() => query.fetchNextPage()}>
                Load more
              </Button>
            </div>
          )}
        </>
      )}

      {canWrite && (
        <>
          <CreateApiKeyDialog open={createOpen} onOpenChange={setCreateOpen} resource={resource} gatewayHost={gatewayHost} policy={policy} onCreated={highlight} />
          <RollApiKeyDialog apiKey={keyToRoll} onClose={() => setKeyToRoll(null)} resource={resource} gatewayHost={gatewayHost} onRolled={highlight} />
          <DeleteApiKeyDialog apiKey={keyToDelete} onClose={() => setKeyToDelete(null)} resourceId={resource.id} />
        </>
      )}
    </section>
  );
}
