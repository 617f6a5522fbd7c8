"use client";

import { keepPreviousData, useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { toApiError } from "@/components/auth/api-error";
import type { AuditPage, ChainVerificationOutput } from "@/lib/audit/schemas";

export type AuditFilters = { actor?: string; action?: string; target?: string; tenant?: string; from?: string; to?: string };

export const auditKeys = { list: (filters: AuditFilters) => ["audit", "list", filters] as const };

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as T;
}

export function filterParams(filters: AuditFilters): URLSearchParams {
  return new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== ""));
}

export function useAuditEntries(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(filters),
    queryFn: ({ pageParam }) => {
      const params = filterParams(filters);
      params.set("limit", "50");
      if (pageParam) params.set("cursor", pageParam);
      return getJson<AuditPage>(`/api/v1/ops/audit?${params}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useVerifyChain() {
  return useMutation({ mutationFn: () => getJson<ChainVerificationOutput>("/api/v1/ops/audit/verify") });
}
