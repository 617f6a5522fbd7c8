import { Star } from "lucide-react";
import Link from "next/link";
import { MARKETPLACE_CATEGORIES } from "@/lib/marketplace/categories";
import type { MarketplaceItemOutput } from "@/lib/marketplace/schemas";
import { CardActions } from "./card-actions";
import { formatCount, formatPrice } from "./marketplace-filters";

const CATEGORY_NAMES = new Map<string, string>(MARKETPLACE_CATEGORIES.map((category) => [category.slug, category.name]));

export function MarketplaceCard({ item }: { item: MarketplaceItemOutput }) {
  return (
    <li className="flex h-64 flex-col rounded-lg border border-line bg-panel p-4" aria-label={item.name}>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className="line-clamp-2 font-medium leading-snug" title={item.name}>
            <Link href={`/app/marketplace/${item.id}`} className="hover:underline focus-visible:underline">
              {item.name}
            </Link>
          </h3>
          <p className="text-xs text-muted">
            {item.vendor} · {CATEGORY_NAMES.get(item.category) ?? item.category}
          </p>
        </div>
        <span className={`shrink-0 rounded-full px-2 py-0.5 text-xs font-medium ${item.priceCents === 0 ? "bg-ok/15 text-ink" : "bg-surface text-ink"}`}>{formatPrice(item.priceCents)}</span>
      </div>
      <p className="mt-2 line-clamp-2 text-sm text-muted">{item.summary}</p>
      <div className="mt-auto flex items-center justify-between pt-3 text-xs text-muted">
        {item.ratingCount > 0 ? (
          <span className="flex items-center gap-1" title={`${item.rating.toFixed(1)} out of 5 from ${item.ratingCount} ${item.ratingCount === 1 ? "review" : "reviews"}`}>
            <Star aria-hidden className="size-3.5 fill-warn text-warn" />
            <span className="tabular-nums text-ink">{item.rating.toFixed(1)}</span>
            <span>
              ({formatCount(item.ratingCount)} {item.ratingCount === 1 ? "review" : "reviews"})
            </span>
          </span>
        ) : (
          <span>No reviews yet</span>
        )}
        <span className="tabular-nums">
          {formatCount(item.installCount)} {item.installCount === 1 ? "install" : "installs"}
        </span>
      </div>
      <div className="mt-3 border-t border-line pt-3">
        <CardActions item={item} />
      </div>
    </li>
  );
}
