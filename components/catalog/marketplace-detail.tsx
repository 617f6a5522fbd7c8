"use client";

import { Star } from "lucide-react";
import Link from "next/link";
import { ApiError } from "@/components/auth/api-error";
import { MARKETPLACE_CATEGORIES } from "@/lib/marketplace/categories";
import { formatMonthlyPrice } from "@/lib/marketplace/price";
import { useMarketplaceItem } from "./install-queries";
import { formatCount } from "./marketplace-filters";
import { MarketplaceInstallPanel } from "./marketplace-install-panel";
import { ResultsError } from "./result-states";

const CATEGORY_NAMES = new Map<string, string>(MARKETPLACE_CATEGORIES.map((category) => [category.slug, category.name]));

/** One marketplace item: what it does, its price and reviews, and Install. */
export function MarketplaceDetail({ id, canInstallPaid }: { id: string; canInstallPaid: boolean }) {
  const item = useMarketplaceItem(id);
  if (item.isPending) return <div aria-label="loading" aria-busy="true" className="h-96 animate-pulse rounded-lg bg-panel" />;
  if (item.isError) {
    if (item.error instanceof ApiError && item.error.status === 404) {
      return (
        <div className="rounded-lg border border-dashed border-line bg-panel p-6 text-center text-sm">
          <p className="font-medium">This item is not in the marketplace.</p>
          <Link href="/app/marketplace" className="mt-3 inline-block text-accent underline">
            Back to the marketplace
          </Link>
        </div>
      );
    }
    return <ResultsError message={item.error.message} onRetry={() => void item.refetch()} />;
  }
  const data = item.data;
  const moduleKey = data.moduleKey;
  return (
    <article className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-muted">
        <Link href="/app/marketplace" className="underline">
          Marketplace
        </Link>{" "}
        / <span className="text-ink">{data.name}</span>
      </nav>
      <div className="grid gap-4 lg:grid-cols-[2fr_3fr]">
        <section className="min-w-0 space-y-3 rounded-lg border border-line bg-panel p-4">
          <header className="flex flex-wrap items-start justify-between gap-3">
            <div className="min-w-0">
              <h1 className="text-2xl font-semibold break-words">{data.name}</h1>
              <p className="text-sm text-muted">
                {data.vendor} · {CATEGORY_NAMES.get(data.category) ?? data.category}
              </p>
            </div>
            <span className={`shrink-0 rounded-full px-3 py-1 text-sm font-medium ${data.priceCents === 0 ? "bg-ok/15 text-ink" : "bg-surface text-ink"}`}>{formatMonthlyPrice(data.priceCents)}</span>
          </header>
          <p className="text-sm">{data.description}</p>
          <p className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-muted">
            {data.ratingCount > 0 ? (
              <span className="flex items-center gap-1">
                <Star aria-hidden className="size-4 fill-warn text-warn" />
                <span className="tabular-nums text-ink">{data.rating.toFixed(1)}</span> out of 5 from {formatCount(data.ratingCount)} {data.ratingCount === 1 ? "review" : "reviews"}
              </span>
            ) : (
              <span>No reviews yet</span>
            )}
            <span className="tabular-nums">
              {formatCount(data.installCount)} {data.installCount === 1 ? "install" : "installs"}
            </span>
          </p>
        </section>
        {moduleKey ? (
          <MarketplaceInstallPanel item={{ ...data, moduleKey }} canInstallPaid={canInstallPaid} />
        ) : (
          <section className="rounded-lg border border-dashed border-line bg-panel p-4 text-sm text-muted">This item has nothing to install yet.</section>
        )}
      </div>
    </article>
  );
}
