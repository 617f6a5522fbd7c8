import type { MarketplaceSort } from "./categories";

/**
 * How each sort orders rows: one column and a direction, with the id as the tie-breaker in the
 * same direction, so (column, id) is a total order that a keyset cursor can resume from.
 */
export type SortKey = { column: "installCount" | "rating" | "priceCents" | "createdAt"; direction: "asc" | "desc" };

export const SORT_KEYS: Record<MarketplaceSort, SortKey> = {
  popular: { column: "installCount", direction: "desc" },
  rating: { column: "rating", direction: "desc" },
  price_asc: { column: "priceCents", direction: "asc" },
  price_desc: { column: "priceCents", direction: "desc" },
  newest: { column: "createdAt", direction: "desc" },
};
