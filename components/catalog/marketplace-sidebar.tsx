"use client";

import { useState, type FormEvent } from "react";
import { MARKETPLACE_CATEGORIES, type MarketplaceCategory } from "@/lib/marketplace/categories";
import { hasActiveFilters, isValidPrice, RATING_CHOICES, type MarketplaceFilters } from "./marketplace-filters";
import { SearchBox } from "./search-box";

type Change = (next: Partial<MarketplaceFilters>, mode?: "push" | "replace") => void;

/** The filters; every change goes to the URL (the caller's `onChange`), which drives the results. */
export function MarketplaceSidebar({ filters, onChange, onClear }: { filters: MarketplaceFilters; onChange: Change; onClear: () => void }) {
  function toggleCategory(slug: MarketplaceCategory) {
    const categories = filters.categories.includes(slug) ? filters.categories.filter((value) => value !== slug) : [...filters.categories, slug];
    onChange({ categories });
  }

  return (
    <aside aria-label="Filters" className="space-y-5 rounded-lg border border-line bg-panel p-4 text-sm">
      <SearchBox label="Search the marketplace" placeholder="Search by name or summary" value={filters.q} onSearch={(q) => onChange({ q }, "replace")} />

      <fieldset>
        <legend className="mb-2 font-semibold">Category</legend>
        <div className="space-y-1.5">
          {MARKETPLACE_CATEGORIES.map((category) => (
            <label key={category.slug} className="flex items-center gap-2">
              <input type="checkbox" checked={filters.categories.includes(category.slug)} onChange={() => toggleCategory(category.slug)} className="size-4 accent-accent" />
              {category.name}
            </label>
          ))}
        </div>
      </fieldset>

      <PriceFilter key={`${filters.minPrice}-${filters.maxPrice}`} minPrice={filters.minPrice} maxPrice={filters.maxPrice} onApply={(minPrice, maxPrice) => onChange({ minPrice, maxPrice })} />

      <fieldset>
        <legend className="mb-2 font-semibold">Rating</legend>
        <div className="space-y-1.5">
          {[null, ...RATING_CHOICES].map((rating) => (
            <label key={rating ?? "any"} className="flex items-center gap-2">
              <input type="radio" name="minRating" checked={filters.minRating === rating} onChange={() => onChange({ minRating: rating })} className="size-4 accent-accent" />
              {rating === null ? "Any rating" : `${rating} stars and up`}
            </label>
          ))}
        </div>
      </fieldset>

      <button type="button" onClick={onClear} disabled={!hasActiveFilters(filters)} className="w-full rounded-md border border-line px-3 py-1.5 disabled:opacity-50" title={hasActiveFilters(filters) ? undefined : "No filters are set"}>
        Clear filters
      </button>
    </aside>
  );
}

/** Prices apply together on submit (Enter or Apply), so typing "149" is not three searches. */
function PriceFilter({ minPrice, maxPrice, onApply }: { minPrice: string; maxPrice: string; onApply: (minPrice: string, maxPrice: string) => void }) {
  const [min, setMin] = useState(minPrice);
  const [max, setMax] = useState(maxPrice);
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const [low, high] = [min.trim(), max.trim()];
    if (!isValidPrice(low) || !isValidPrice(high)) return setError("Prices are amounts like 19 or 19.99.");
    if (low && high && Number(low) > Number(high)) return setError("The lowest price is above the highest.");
    setError(null);
    onApply(low, high);
  }

  return (
    <form onSubmit={submit} aria-labelledby="price-legend">
      <p id="price-legend" className="mb-2 font-semibold">
        Price per month ($)
      </p>
      <div className="flex items-center gap-2">
        <label className="sr-only" htmlFor="min-price">
          Lowest price
        </label>
        <input id="min-price" inputMode="decimal" placeholder="Min" value={min} onChange={(event) => setMin(event.target.value)} className="w-full rounded-md border border-line px-2 py-1" aria-invalid={error !== null} aria-describedby={error ? "price-error" : undefined} />
        <span aria-hidden>–</span>
        <label className="sr-only" htmlFor="max-price">
          Highest price
        </label>
        <input id="max-price" inputMode="decimal" placeholder="Max" value={max} onChange={(event) => setMax(event.target.value)} className="w-full rounded-md border border-line px-2 py-1" aria-invalid={error !== null} aria-describedby={error ? "price-error" : undefined} />
        <button type="submit" className="rounded-md border border-line px-2 py-1">
          Apply
        </button>
      </div>
      <p id="price-error" role={error ? "alert" : undefined} className="mt-1 min-h-4 text-xs text-danger">
        {error}
      </p>
    </form>
  );
}
