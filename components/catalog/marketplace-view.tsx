"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { MARKETPLACE_SORT_LABELS, MARKETPLACE_SORTS, type MarketplaceSort } from "@/lib/marketplace/categories";
import { InfiniteFooter } from "./infinite-footer";
import { MarketplaceCard } from "./marketplace-card";
import { hasActiveFilters, parseMarketplaceFilters, toMarketplaceQuery, type MarketplaceFilters } from "./marketplace-filters";
import { MarketplaceSidebar } from "./marketplace-sidebar";
import { useMarketplacePages } from "./queries";
import { CardGridSkeleton, ResultsEmpty, ResultsError } from "./result-states";

/**
 * The marketplace: filters in a sidebar, all of them in the URL (each change is a history entry,
 * so back/forward step through them; a reload keeps them), sorted results with infinite scroll.
 */
export function MarketplaceView() {
  const pathname = usePathname();
  const params = useSearchParams();
  const query = params.toString();
  const filters = useMemo(() => parseMarketplaceFilters(new URLSearchParams(query)), [query]);
  const pages = useMarketplacePages(filters);

  const goTo = useCallback(
    (next: MarketplaceFilters, mode: "push" | "replace" = "push") => {
      const search = toMarketplaceQuery(next).toString();
      const href = search ? `${pathname}?${search}` : pathname;
      // The browser's history API, which Next's router follows: the URL and useSearchParams
      // change at once, with no server round trip for what is only a client-side filter.
      if (mode === "push") window.history.pushState(null, "", href);
      else window.history.replaceState(null, "", href);
    },
    [pathname],
  );
  const change = useCallback((next: Partial<MarketplaceFilters>, mode?: "push" | "replace") => goTo({ ...filters, ...next }, mode), [filters, goTo]);

  const items = pages.data?.pages.flatMap((page) => page.items) ?? [];
  const { fetchNextPage: fetchNext } = pages;
  const fetchNextPage = useCallback(() => void fetchNext(), [fetchNext]);
  const clear = () => goTo({ ...parseMarketplaceFilters(new URLSearchParams()), sort: filters.sort });

  return (
    <section className="space-y-4">
      <header>
        <h1 className="text-2xl font-semibold">Marketplace</h1>
        <p className="text-sm text-muted">Add-ons for every client workflow, from the same catalog for every agency.</p>
      </header>
      <div className="grid items-start gap-4 lg:grid-cols-[16rem_1fr]">
        <MarketplaceSidebar filters={filters} onChange={change} onClear={clear} />
        <div className="min-w-0 space-y-3">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm text-muted" aria-live="polite">
              {pages.isLoading ? "Loading items…" : `${items.length}${pages.hasNextPage ? "+" : ""} ${items.length === 1 ? "item" : "items"}`}
            </p>
            <label className="flex items-center gap-2 text-sm">
              Sort by
              <select value={filters.sort} onChange={(event) => change({ sort: event.target.value as MarketplaceSort })} className="rounded-md border border-line bg-panel px-2 py-1">
                {MARKETPLACE_SORTS.map((sort) => (
                  <option key={sort} value={sort}>
                    {MARKETPLACE_SORT_LABELS[sort]}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div aria-busy={pages.isFetching}>
            {pages.isLoading ? (
              <CardGridSkeleton count={9} cardHeightClass="h-64" />
            ) : pages.error && items.length === 0 ? (
              <ResultsError message={pages.error.message} onRetry={() => void pages.refetch()} />
            ) : items.length === 0 ? (
              <ResultsEmpty title="No items match these filters">
                {hasActiveFilters(filters) ? (
                  <button type="button" onClick={clear} className="underline">
                    Clear the filters
                  </button>
                ) : (
                  "The catalog is empty."
                )}
              </ResultsEmpty>
            ) : (
              <>
                <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label="Marketplace items">
                  {items.map((item) => (
                    <MarketplaceCard key={item.id} item={item} />
                  ))}
                </ul>
                <InfiniteFooter
                  hasNextPage={pages.hasNextPage}
                  isFetchingNextPage={pages.isFetchingNextPage}
                  fetchNextPage={fetchNextPage}
                  error={pages.isFetchNextPageError ? (pages.error?.message ?? "request failed") : null}
                  shownCount={items.length}
                  noun={items.length === 1 ? "item" : "items"}
                />
              </>
            )}
          </div>
        </div>
      </div>
    </section>
  );
}
