"use client";

import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import type { ApiKeyPage } from "@/lib/server/data/api-keys";
import { listApiKeysAction } from "@/lib/server/actions/list-api-keys";

export const apiKeysQueryKey = (resourceId: string) => ["api-keys", resourceId] as const;

/** The resource's keys, newest first, page by page; `search` filters by name on the server. */
export function useApiKeys(resourceId: string, search: string, initialPage: ApiKeyPage) {
  return useInfiniteQuery({
    queryKey: [...apiKeysQueryKey(resourceId), search],
    queryFn: async ({ pageParam }) => {
      const result = await listApiKeysAction({ resourceId, search: search || undefined, cursor: pageParam ?? undefined });
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // The server rendered the first unfiltered page; use it instead of fetching it again.
    ...(search === "" ? { initialData: { pages: [initialPage], pageParams: [null] } } : {}),
  });
}

export function useInvalidateApiKeys(resourceId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: apiKeysQueryKey(resourceId) });
}
