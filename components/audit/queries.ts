"use client";

import { keepPreviousData, useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { toApiError } from "@/components/auth/api-error";
import type { AuditPage, ChainVerificationOutput } from "@/lib/audit/schemas";
import { tenantKey } from "@/components/query-keys";

export type AuditFilters = { actor?: string; action?: string; target?: string; tenant?: string; from?: string; to?: string };

/**
 * Whose log a view reads: the platform's (every tenant, for platform managers) or one tenant's
 * (its admin's view). The tenant is part of the key, so a tenant switch never shows the last one's.
 */
export type AuditSource = { scope: "platform" } | { scope: "tenant"; tenantId: string };

export const auditKeys = {
  list: (source: AuditSource, filters: AuditFilters) =>
    source.scope === "tenant" ? tenantKey(source.tenantId, "audit", "list", filters) : (["audit", "list", "platform", filters] as const),
};

const LIST_PATH = { platform: "/api/v1/ops/audit", tenant: "/api/v1/audit" } as const;

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as T;
}

export function filterParams(filters: AuditFilters): URLSearchParams {
  return new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== ""));
}

export function useAuditEntries(source: AuditSource, filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(source, filters),
    queryFn: ({ pageParam }) => {
      const params = filterParams(filters);
      params.set("limit", "50");
      if (pageParam) params.set("cursor", pageParam);
      return getJson<AuditPage>(`${LIST_PATH[source.scope]}?${params}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useVerifyChain() {
  return useMutation({ mutationFn: () => getJson<ChainVerificationOutput>("/api/v1/ops/audit/verify") });
}
