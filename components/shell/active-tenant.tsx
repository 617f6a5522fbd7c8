"use client";

import { useQueryClient } from "@tanstack/react-query";
import { createContext, Fragment, useContext, useEffect, type ReactNode } from "react";
import { isOtherTenantKey } from "@/components/query-keys";

const ActiveTenantContext = createContext<string | null>(null);

/** The tenant whose data the page shows; tenant-scoped query hooks put it in their keys. */
export function useActiveTenantId(): string | null {
  return useContext(ActiveTenantContext);
}

/**
 * Provides the active tenant to the page. When it changes (a switch refreshed the server frame), the
 * page remounts, so no hook keeps the previous tenant's rows as placeholder data, and every cached
 * entry of another tenant is dropped: a request in flight during the switch may have answered for the
 * new tenant under the old tenant's key.
 */
export function ActiveTenantScope({ tenantId, children }: { tenantId: string | null; children: ReactNode }) {
  const queryClient = useQueryClient();
  useEffect(() => {
    queryClient.removeQueries({ predicate: (query) => isOtherTenantKey(query.queryKey, tenantId) });
  }, [queryClient, tenantId]);
  return (
    <ActiveTenantContext.Provider value={tenantId}>
      <Fragment key={tenantId ?? "none"}>{children}</Fragment>
    </ActiveTenantContext.Provider>
  );
}

