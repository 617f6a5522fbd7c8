"use client";

import { useCallback, useState } from "react";
import { ActivationPreview } from "@/components/modules/activation-preview";
import { LifecycleBadge } from "@/components/modules/lifecycle-badge";
import { useResolution, useTenantModules } from "@/components/modules/queries";
import { useHydrated } from "@/components/shell/use-hydrated";
import { formatMonthlyPrice } from "@/lib/marketplace/price";
import type { MarketplaceItemDetailOutput } from "@/lib/marketplace/schemas";
import type { TenantModuleOutput } from "@/lib/modules/schemas";
import { describeInstall, useInstallItem } from "./install-queries";

export const PAID_INSTALL_REASON = "Only an agency admin can install paid items. Ask an admin of your agency to install it.";

/**
 * Install with the Modules page's preview: the activation order, dependencies first, and each
 * module's live state. Free items install at once; a paid one needs an admin ticking the price.
 */
export function MarketplaceInstallPanel({ item, canInstallPaid }: { item: MarketplaceItemDetailOutput & { moduleKey: string }; canInstallPaid: boolean }) {
  const isHydrated = useHydrated();
  const resolution = useResolution(item.moduleKey);
  const tenantModules = useTenantModules();
  const install = useInstallItem();
  const [isPriceAccepted, setPriceAccepted] = useState(false);
  const rows = tenantModules.data;
  const statusOf = useCallback((key: string): TenantModuleOutput["status"] | null => rows?.find((row) => row.key === key)?.status ?? null, [rows]);
  const status = statusOf(item.moduleKey);
  const isPaid = item.priceCents > 0;
  const isInstalled = status === "active" || status === "pending";
  const isBlockedByRole = isPaid && !canInstallPaid;
  const toStart = resolution.data?.order.filter((step) => step.willActivate).length ?? 0;

  const onInstall = () => install.mutate({ id: item.id, acceptedPriceCents: isPaid ? item.priceCents : undefined });

  return (
    <section id="install" aria-label="Install" className="space-y-4 rounded-lg border border-line bg-panel p-4">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">Install</h2>
        <span className="flex items-center gap-2 text-sm text-muted">
          Module <span className="font-mono text-xs">{item.moduleKey}</span> <LifecycleBadge status={status} />
        </span>
      </header>
      <ActivationPreview resolution={resolution} statusOf={statusOf} />
      {isPaid && !isInstalled ? (
        <label className={`flex items-start gap-2 text-sm ${isBlockedByRole ? "text-muted" : ""}`}>
          <input type="checkbox" className="mt-1" checked={isPriceAccepted} onChange={(event) => setPriceAccepted(event.target.checked)} disabled={isBlockedByRole} />
          <span>
            I agree to pay <strong>{formatMonthlyPrice(item.priceCents)}</strong> for {item.name}, billed to the agency.
          </span>
        </label>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          onClick={onInstall}
          disabled={!isHydrated || isInstalled || isBlockedByRole || install.isPending || (isPaid && !isPriceAccepted) || !resolution.isSuccess}
          className="rounded-md bg-accent px-4 py-2 text-sm font-medium text-accent-ink disabled:opacity-50"
        >
          {install.isPending ? "Installing…" : isInstalled ? "Installed" : isPaid ? `Install for ${formatMonthlyPrice(item.priceCents)}` : toStart > 1 ? `Install with ${toStart - 1} ${toStart === 2 ? "dependency" : "dependencies"}` : "Install"}
        </button>
        {isBlockedByRole ? <span className="text-sm text-muted">{PAID_INSTALL_REASON}</span> : null}
        {isPaid && !isBlockedByRole && !isPriceAccepted && !isInstalled ? <span className="text-xs text-muted">Tick the price to install.</span> : null}
      </div>
      {install.isSuccess ? (
        <p role="status" className="text-sm">
          {describeInstall(install.data)}
        </p>
      ) : null}
      {install.error ? (
        <p role="alert" className="text-sm text-danger">
          Not installed: {install.error.message}
        </p>
      ) : null}
    </section>
  );
}
