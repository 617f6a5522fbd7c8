"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toApiError } from "@/components/auth/api-error";
import { moduleKeys } from "@/components/modules/queries";
import { tenantKey } from "@/components/query-keys";
import { useActiveTenantId } from "@/components/shell/active-tenant";
import type { InstallResultOutput } from "@/lib/marketplace/install-schemas";
import type { MarketplaceItemDetailOutput } from "@/lib/marketplace/schemas";

async function send<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { accept: "application/json", ...(init?.body ? { "content-type": "application/json" } : {}) } });
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as T;
}

export function useMarketplaceItem(id: string) {
  const tenantId = useActiveTenantId();
  return useQuery({
    queryKey: tenantKey(tenantId, "marketplace", "item", id),
    queryFn: () => send<MarketplaceItemDetailOutput>(`/api/v1/marketplace/items/${encodeURIComponent(id)}`),
    retry: false,
  });
}

/**
 * Install: the server resolves and activates the item's module with its dependencies. Safe to
 * repeat (what already runs stays as it is), so a second click changes nothing.
 */
export function useInstallItem() {
  const tenantId = useActiveTenantId();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, acceptedPriceCents }: { id: string; acceptedPriceCents?: number }) =>
      send<InstallResultOutput>(`/api/v1/marketplace/items/${encodeURIComponent(id)}/installs`, { method: "POST", body: JSON.stringify(acceptedPriceCents === undefined ? {} : { acceptedPriceCents }) }),
    onSuccess: (result) => {
      client.setQueryData(tenantKey(tenantId, "marketplace", "item", result.item.id), result.item);
      void client.invalidateQueries({ queryKey: moduleKeys.all(tenantId) });
    },
  });
}

/** "Installing crm-core → crm-pipeline", or that everything already ran. */
export function describeInstall(result: InstallResultOutput): string {
  const starting = result.activation.order.filter((step) => step.willActivate).map((step) => step.key);
  return starting.length > 0 ? `Installing ${result.item.name}: starting ${starting.join(" → ")}` : `${result.item.name} is already installed`;
}
