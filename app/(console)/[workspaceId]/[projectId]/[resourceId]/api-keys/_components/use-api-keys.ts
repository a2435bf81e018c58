"use client";

import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { sameOrder, type ApiKeyOrder } from "@/lib/keys/api-key-order";
import type { ApiKeyPage } from "@/lib/server/data/api-keys";
import { listApiKeysAction } from "@/lib/server/actions/list-api-keys";

export const apiKeysQueryKey = (resourceId: string) => ["api-keys", resourceId] as const;

/** The resource's keys in `order`, page by page; `search` filters by name on the server. */
export function useApiKeys(resourceId: string, search: string, order: ApiKeyOrder, initial: { page: ApiKeyPage; order: ApiKeyOrder }) {
  return useInfiniteQuery({
    queryKey: [...apiKeysQueryKey(resourceId), search, order.sort, order.order],
    queryFn: async ({ pageParam }) => {
      const result = await listApiKeysAction({ resourceId, search: search || undefined, sort: order.sort, order: order.order, cursor: pageParam ?? undefined });
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // The server rendered the first unfiltered page in the URL's order; use it instead of fetching it again.
    ...(search === "" && sameOrder(order, initial.order) ? { initialData: { pages: [initial.page], pageParams: [null] } } : {}),
    // While another order or search loads, the list on screen stays (no flash of "Loading keys…").
    placeholderData: (previous) => previous,
  });
}

export function useInvalidateApiKeys(resourceId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: apiKeysQueryKey(resourceId) });
}
