"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { toApiError } from "@/components/auth/api-error";
import type { ActiveUsersOutput, DashboardStatsOutput } from "@/lib/dashboard/schemas";
import { presenceHeaders } from "@/components/shell/user-presence";
import { tenantKey } from "@/components/query-keys";
import { useActiveTenantId } from "@/components/shell/active-tenant";

/** The stats are cached server-side for up to 10 minutes; polling faster than a minute gains nothing. */
const STATS_REFRESH_MS = 60_000;
const ACTIVE_USERS_REFRESH_MS = 30_000;

export const dashboardKeys = {
  stats: (tenantId: string | null) => tenantKey(tenantId, "dashboard", "stats"),
  activeUsers: (tenantId: string | null) => tenantKey(tenantId, "dashboard", "active-users"),
};

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json", ...presenceHeaders() } });
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as T;
}

export function useDashboardStats() {
  const tenantId = useActiveTenantId();
  return useQuery({
    queryKey: dashboardKeys.stats(tenantId),
    queryFn: () => getJson<DashboardStatsOutput>("/api/v1/dashboard/stats"),
    refetchInterval: STATS_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

export function useActiveUsers() {
  const tenantId = useActiveTenantId();
  return useQuery({
    queryKey: dashboardKeys.activeUsers(tenantId),
    queryFn: () => getJson<ActiveUsersOutput>("/api/v1/dashboard/active-users"),
    refetchInterval: ACTIVE_USERS_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}
