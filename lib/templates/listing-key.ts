import type { ListTemplatesInput } from "./schemas";

/**
 * Stands for "every category" where a category slug goes (cache key, tag). Slugs are
 * [a-z0-9-] only, so no real category can collide with it.
 */
export const ALL_CATEGORIES = "~all";

/**
 * The page part of a listing's cache key: search text, cursor and size. The search is
 * case-insensitive, so "Launch" and " launch" share an entry.
 */
export function listingPageKey(input: Pick<ListTemplatesInput, "q" | "cursor" | "limit">): string {
  const search = input.q ? `q=${input.q.trim().toLowerCase()}.` : "";
  return `${search}${input.cursor ?? "first"}.${input.limit}`;
}
