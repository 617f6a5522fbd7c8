"use client";

import Link from "next/link";
import { useHydrated } from "@/components/shell/use-hydrated";
import { formatMonthlyPrice } from "@/lib/marketplace/price";
import type { MarketplaceItemOutput } from "@/lib/marketplace/schemas";
import { describeInstall, useInstallItem } from "./install-queries";

/**
 * A card's actions: details, and Install. A free item installs right here; a paid one opens its
 * page, where the price is confirmed (and where a member learns that an admin must install it).
 */
export function CardActions({ item }: { item: MarketplaceItemOutput }) {
  const isHydrated = useHydrated();
  const install = useInstallItem();
  const detailHref = `/app/marketplace/${item.id}`;
  const message = install.isSuccess ? describeInstall(install.data) : install.error ? `Not installed: ${install.error.message}` : null;
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <div className="flex items-center gap-2">
        <Link href={detailHref} className="rounded-md border border-line px-3 py-1 text-sm hover:border-accent">
          Details<span className="sr-only"> of {item.name}</span>
        </Link>
        {item.priceCents === 0 ? (
          <button
            type="button"
            onClick={() => install.mutate({ id: item.id })}
            disabled={!isHydrated || install.isPending || install.isSuccess}
            className="rounded-md bg-accent px-3 py-1 text-sm font-medium text-accent-ink disabled:opacity-60"
          >
            {install.isPending ? "Installing…" : install.isSuccess ? "Installed" : "Install"}
            <span className="sr-only"> {item.name}</span>
          </button>
        ) : (
          <Link href={`${detailHref}#install`} className="rounded-md bg-accent px-3 py-1 text-sm font-medium text-accent-ink">
            Install<span className="sr-only"> {item.name}</span> · {formatMonthlyPrice(item.priceCents).replace("/month", "/mo")}
          </Link>
        )}
      </div>
      {message ? (
        <p role={install.error ? "alert" : "status"} className={`line-clamp-1 text-xs ${install.error ? "text-danger" : "text-muted"}`} title={message}>
          {message}
        </p>
      ) : null}
    </div>
  );
}
