import { MARKETPLACE_CATEGORY_SLUGS, MARKETPLACE_SORTS, type MarketplaceCategory, type MarketplaceSort } from "@/lib/marketplace/categories";

/**
 * The marketplace's filters as the URL holds them, so a reload, a shared link and back/forward
 * all show the same results. Values the API would refuse are dropped when reading the URL, so a
 * hand-edited link degrades to fewer filters instead of an error page.
 */
export type MarketplaceFilters = {
  categories: MarketplaceCategory[];
  /** Currency units as typed ("19.99"); empty when unset. */
  minPrice: string;
  maxPrice: string;
  minRating: number | null;
  q: string;
  sort: MarketplaceSort;
};

export const DEFAULT_SORT: MarketplaceSort = "popular";
export const RATING_CHOICES = [4.5, 4, 3.5, 3] as const;

const PRICE_PATTERN = /^\d{1,6}(\.\d{1,2})?$/;

function readPrice(value: string | null): string {
  return value && PRICE_PATTERN.test(value) ? value : "";
}

export function isValidPrice(value: string): boolean {
  return value === "" || PRICE_PATTERN.test(value);
}

export function parseMarketplaceFilters(params: URLSearchParams): MarketplaceFilters {
  const categories = (params.get("category") ?? "")
    .split(",")
    .filter((slug): slug is MarketplaceCategory => (MARKETPLACE_CATEGORY_SLUGS as readonly string[]).includes(slug));
  const rating = Number(params.get("minRating"));
  const sort = params.get("sort");
  let minPrice = readPrice(params.get("minPrice"));
  let maxPrice = readPrice(params.get("maxPrice"));
  if (minPrice && maxPrice && Number(minPrice) > Number(maxPrice)) [minPrice, maxPrice] = [maxPrice, minPrice];
  return {
    categories: [...new Set(categories)].sort(),
    minPrice,
    maxPrice,
    minRating: params.has("minRating") && rating > 0 && rating <= 5 ? rating : null,
    q: (params.get("q") ?? "").trim().slice(0, 100),
    sort: MARKETPLACE_SORTS.includes(sort as MarketplaceSort) ? (sort as MarketplaceSort) : DEFAULT_SORT,
  };
}

/** The URL's query for these filters (and the API's, which takes the same names); defaults are left out. */
export function toMarketplaceQuery(filters: MarketplaceFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.categories.length > 0) params.set("category", [...filters.categories].sort().join(","));
  if (filters.minPrice) params.set("minPrice", filters.minPrice);
  if (filters.maxPrice) params.set("maxPrice", filters.maxPrice);
  if (filters.minRating !== null) params.set("minRating", String(filters.minRating));
  if (filters.q) params.set("q", filters.q);
  if (filters.sort !== DEFAULT_SORT) params.set("sort", filters.sort);
  return params;
}

export function hasActiveFilters(filters: MarketplaceFilters): boolean {
  return filters.categories.length > 0 || filters.minPrice !== "" || filters.maxPrice !== "" || filters.minRating !== null || filters.q !== "";
}

export function formatPrice(priceCents: number): string {
  if (priceCents === 0) return "Free";
  return `$${(priceCents / 100).toFixed(priceCents % 100 === 0 ? 0 : 2)}/mo`;
}

export function formatCount(count: number): string {
  return count >= 1000 ? `${(count / 1000).toFixed(count >= 10_000 ? 0 : 1)}k` : String(count);
}
