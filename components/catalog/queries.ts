"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { toApiError } from "@/components/auth/api-error";
import type { MarketplaceItemOutput } from "@/lib/marketplace/schemas";
import type { TemplateCategoryOutput, TemplateOutput } from "@/lib/templates/schemas";
import { toMarketplaceQuery, type MarketplaceFilters } from "./marketplace-filters";
import { tenantKey } from "@/components/query-keys";
import { useActiveTenantId } from "@/components/shell/active-tenant";

type Page<T> = { items: T[]; nextCursor: string | null };

export const TEMPLATE_PAGE_SIZE = 24;
export const MARKETPLACE_PAGE_SIZE = 24;

export const templateKeys = {
  all: (tenantId: string) => tenantKey(tenantId, "templates"),
  categories: (tenantId: string) => tenantKey(tenantId, "templates", "categories"),
  list: (tenantId: string, filters: { category: string | null; q: string }) => tenantKey(tenantId, "templates", "list", filters),
};

export const marketplaceKeys = {
  list: (tenantId: string | null, filters: MarketplaceFilters) => tenantKey(tenantId, "marketplace", "list", filters),
};

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as T;
}

export function useTemplateCategories(tenantId: string) {
  return useQuery({
    queryKey: templateKeys.categories(tenantId),
    queryFn: () => getJson<{ items: TemplateCategoryOutput[] }>("/api/v1/template-categories"),
    staleTime: 60_000,
  });
}

export function useTemplatePages(tenantId: string, filters: { category: string | null; q: string }) {
  return useInfiniteQuery({
    queryKey: templateKeys.list(tenantId, filters),
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: String(TEMPLATE_PAGE_SIZE) });
      if (filters.category) params.set("category", filters.category);
      if (filters.q) params.set("q", filters.q);
      if (pageParam) params.set("cursor", pageParam);
      return getJson<Page<TemplateOutput>>(`/api/v1/templates?${params}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 30_000,
  });
}

export function useMarketplacePages(filters: MarketplaceFilters) {
  const tenantId = useActiveTenantId();
  return useInfiniteQuery({
    queryKey: marketplaceKeys.list(tenantId, filters),
    queryFn: ({ pageParam }) => {
      const params = toMarketplaceQuery(filters);
      params.set("limit", String(MARKETPLACE_PAGE_SIZE));
      if (pageParam) params.set("cursor", pageParam);
      return getJson<Page<MarketplaceItemOutput>>(`/api/v1/marketplace/items?${params}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 60_000,
  });
}
