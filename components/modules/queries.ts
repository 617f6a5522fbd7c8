"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, toApiError } from "@/components/auth/api-error";
import type { ActivationResultOutput, DeactivationResultOutput, RegistryModuleOutput, ResolutionOutput, TenantModuleOutput } from "@/lib/modules/schemas";
import { presenceHeaders } from "@/components/shell/user-presence";
import { tenantKey } from "@/components/query-keys";
import { useActiveTenantId } from "@/components/shell/active-tenant";

/** While anything is starting, the lifecycle view polls fast; otherwise it only stays fresh. */
export const PENDING_REFRESH_MS = 1_000;
export const IDLE_REFRESH_MS = 15_000;
const PAGE_SIZE = 100;

type Page<T> = { items: T[]; nextCursor: string | null };

export const moduleKeys = {
  all: (tenantId: string | null) => tenantKey(tenantId, "modules"),
  registry: (tenantId: string | null, search: string) => tenantKey(tenantId, "modules", "registry", search),
  tenant: (tenantId: string | null) => tenantKey(tenantId, "modules", "tenant"),
  resolution: (tenantId: string | null, key: string) => tenantKey(tenantId, "modules", "resolution", key),
};

/** A refusal that names what is in the way (a 409's dependents). */
export class ModuleActionError extends ApiError {
  constructor(base: ApiError, readonly dependents: string[]) {
    super(base.status, base.detail, base.code);
  }
}

async function send<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { accept: "application/json", ...presenceHeaders(), ...(init?.body ? { "content-type": "application/json" } : {}) } });
  if (response.ok) return (await response.json()) as T;
  const body = (await response.clone().json().catch(() => ({}))) as { dependents?: string[] };
  throw new ModuleActionError(await toApiError(response), body.dependents ?? []);
}

export function useRegistry(search: string) {
  const tenantId = useActiveTenantId();
  return useInfiniteQuery({
    queryKey: moduleKeys.registry(tenantId, search),
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE), ...(search ? { q: search } : {}), ...(pageParam ? { cursor: pageParam } : {}) });
      return send<Page<RegistryModuleOutput>>(`/api/v1/modules?${params}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

/** Every activation of the tenant (all pages: a tenant runs at most the catalog's few dozen). */
async function fetchTenantModules(): Promise<TenantModuleOutput[]> {
  const rows: TenantModuleOutput[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ limit: "200", ...(cursor ? { cursor } : {}) });
    const page: Page<TenantModuleOutput> = await send(`/api/v1/tenant-modules?${params}`);
    rows.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

export function useTenantModules() {
  const tenantId = useActiveTenantId();
  return useQuery({
    queryKey: moduleKeys.tenant(tenantId),
    queryFn: fetchTenantModules,
    refetchInterval: (query) => (query.state.data?.some((row) => row.status === "pending") ? PENDING_REFRESH_MS : IDLE_REFRESH_MS),
    placeholderData: keepPreviousData,
  });
}

export function useResolution(key: string | null) {
  const tenantId = useActiveTenantId();
  return useQuery({
    queryKey: moduleKeys.resolution(tenantId, key ?? ""),
    queryFn: () => send<ResolutionOutput>(`/api/v1/modules/${encodeURIComponent(key!)}/resolution`),
    enabled: key !== null,
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}

export function useActivateModules() {
  const queryClient = useQueryClient();
  const tenantId = useActiveTenantId();
  return useMutation({
    mutationFn: (modules: string[]) => send<ActivationResultOutput>("/api/v1/modules/activations", { method: "POST", body: JSON.stringify({ modules }) }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: moduleKeys.all(tenantId) }),
  });
}

export function useDeactivateModule() {
  const queryClient = useQueryClient();
  const tenantId = useActiveTenantId();
  return useMutation({
    mutationFn: ({ key, cascade }: { key: string; cascade: boolean }) =>
      send<DeactivationResultOutput>(`/api/v1/tenant-modules/${encodeURIComponent(key)}?cascade=${cascade}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: moduleKeys.all(tenantId) }),
  });
}
