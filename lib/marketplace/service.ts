import { cacheKeys, cacheTags, getOrLoad } from "@/lib/cache";
import { decodeCursor, toPage, type Page } from "@/lib/db/cursor";
import type { DbAccess } from "@/lib/db/access";
import { BadRequestError, NotFoundError } from "@/lib/http/errors";
import type { MarketplaceCategory } from "./categories";
import * as repo from "./repo";
import { marketplaceCursorSchema, type ListItemsInput, type MarketplaceItemDetailOutput, type MarketplaceItemOutput } from "./schemas";
import { SORT_KEYS } from "./sort-keys";

type ReadCtx = { db: DbAccess };

/**
 * The catalog is shared by every tenant, so its cache entries are too: one entry per filter set
 * serves all tenants, and nothing tenant-owned can be in it.
 */
export const SHARED_CATALOG = "shared";

/**
 * The filters as they affect the result, and nothing else: category order, letter case of the
 * search and absent-versus-undefined make no new cache entry. The key's stable hash also ignores
 * property order.
 */
export function normaliseFilters(input: ListItemsInput) {
  return {
    category: input.category && input.category.length > 0 ? input.category : undefined,
    minPriceCents: input.minPrice,
    maxPriceCents: input.maxPrice,
    minRating: input.minRating,
    q: input.q?.toLowerCase(),
    sort: input.sort,
    limit: input.limit,
  };
}

export async function listMarketplaceItems(ctx: ReadCtx, input: ListItemsInput): Promise<Page<MarketplaceItemOutput>> {
  const after = input.cursor ? decodeAfter(input.cursor, input.sort) : null;
  const filters = normaliseFilters(input);
  const sortKey = SORT_KEYS[input.sort];
  const page = await getOrLoad(
    cacheKeys.marketplacePage(SHARED_CATALOG, input.cursor ?? "first", filters),
    async () => {
      const rows = await ctx.db.read((client) =>
        repo.listItems(client, { categories: filters.category, minPriceCents: filters.minPriceCents, maxPriceCents: filters.maxPriceCents, minRating: filters.minRating, textContains: filters.q }, sortKey, after, input.limit + 1),
      );
      return toPage(rows, input.limit, toItemOutput, (row) => [input.sort, sortValueOf(row, sortKey.column), row.id]);
    },
    { tags: [cacheTags.marketplace(SHARED_CATALOG)] },
  );
  // A page is never "not found" (an empty page is a page); null only if the loader was skipped.
  return page ?? { items: [], nextCursor: null };
}

export async function getMarketplaceItem(ctx: ReadCtx, id: string): Promise<MarketplaceItemDetailOutput> {
  const row = await ctx.db.read((client) => repo.findItem(client, id));
  if (!row) throw new NotFoundError(`no marketplace item ${id}`);
  return { ...toItemOutput(row), description: row.description, moduleKey: row.moduleKey };
}

function decodeAfter(cursor: string, sort: ListItemsInput["sort"]): repo.ItemAfter {
  const [cursorSort, value, id] = decodeCursor(cursor, marketplaceCursorSchema);
  const isDate = SORT_KEYS[sort].column === "createdAt";
  if (cursorSort !== sort || typeof value !== (isDate ? "string" : "number")) {
    throw new BadRequestError(`this cursor belongs to the "${cursorSort}" order, not "${sort}": start again without a cursor`, [{ path: "query.cursor", message: "from another sort order" }]);
  }
  return { value: typeof value === "string" ? new Date(value) : value, id };
}

function sortValueOf(row: repo.MarketplaceItemRow, column: (typeof SORT_KEYS)[keyof typeof SORT_KEYS]["column"]): number | string {
  const value = row[column];
  return value instanceof Date ? value.toISOString() : value;
}

export function toItemOutput(row: repo.MarketplaceItemRow): MarketplaceItemOutput {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    summary: row.summary,
    vendor: row.vendor,
    category: row.category as MarketplaceCategory,
    priceCents: row.priceCents,
    rating: row.rating,
    ratingCount: row.ratingCount,
    installCount: row.installCount,
    createdAt: row.createdAt.toISOString(),
  };
}
