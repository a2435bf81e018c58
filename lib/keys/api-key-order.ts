// The orders the API Keys list can be sorted in (name, created, last used; each either way) and how
// one is written in the page's URL (`?sort=name&order=asc`), so that a sorted list survives a
// reload and can be linked to. No zod, no server code: the table's sort buttons use it too.

export const API_KEY_SORTS = ["created", "name", "lastUsed"] as const;
export type ApiKeySort = (typeof API_KEY_SORTS)[number];
export const SORT_ORDERS = ["asc", "desc"] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];
export type ApiKeyOrder = { sort: ApiKeySort; order: SortOrder };

/** Newest first, as the list has always been (and as the REST API pages). */
export const DEFAULT_API_KEY_ORDER: ApiKeyOrder = { sort: "created", order: "desc" };

/** The order a column sorts in when it is picked: names A–Z, dates most recent first. */
export const FIRST_ORDER: Record<ApiKeySort, SortOrder> = { created: "desc", name: "asc", lastUsed: "desc" };

export const SORT_LABELS: Record<ApiKeySort, string> = { created: "Created", name: "Name", lastUsed: "Last used" };

const isSort = (value: unknown): value is ApiKeySort => API_KEY_SORTS.includes(value as ApiKeySort);
const isOrder = (value: unknown): value is SortOrder => SORT_ORDERS.includes(value as SortOrder);

/** The order a URL asks for; anything unknown falls back to the default, since a URL is typed by people. */
export function parseApiKeyOrder(params: { sort?: string | string[] | null; order?: string | string[] | null }): ApiKeyOrder {
  const sort = Array.isArray(params.sort) ? params.sort[0] : params.sort;
  const order = Array.isArray(params.order) ? params.order[0] : params.order;
  if (!isSort(sort)) return DEFAULT_API_KEY_ORDER;
  return { sort, order: isOrder(order) ? order : FIRST_ORDER[sort] };
}

/** The search string for an order ("" for the default, so a plain URL stays plain). */
export function apiKeyOrderQuery(order: ApiKeyOrder): string {
  if (order.sort === DEFAULT_API_KEY_ORDER.sort && order.order === DEFAULT_API_KEY_ORDER.order) return "";
  return `?${new URLSearchParams({ sort: order.sort, order: order.order })}`;
}

/** Picking the current column turns its order round; another column starts in its first order. */
export function nextApiKeyOrder(current: ApiKeyOrder, column: ApiKeySort): ApiKeyOrder {
  if (current.sort !== column) return { sort: column, order: FIRST_ORDER[column] };
  return { sort: column, order: current.order === "asc" ? "desc" : "asc" };
}

export const sameOrder = (a: ApiKeyOrder, b: ApiKeyOrder) => a.sort === b.sort && a.order === b.order;
