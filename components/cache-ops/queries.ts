"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toApiError } from "@/components/auth/api-error";
import { useStepUpRetry } from "@/components/auth/step-up-dialog";
import { LIVE_REFRESH_MS } from "@/components/ops/queries";
import type { CacheStatusOutput, InvalidateInput, InvalidateResultOutput, InvalidationPreviewOutput, InvalidationTargetInput, WarmResultOutput } from "@/lib/cache-ops/schemas";
import { presenceHeaders } from "@/components/shell/user-presence";

export const cacheOpsKeys = {
  status: () => ["cache-ops", "status"] as const,
};

async function requestJson<T>(url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method: body === undefined ? "GET" : "POST",
    headers: { accept: "application/json", ...presenceHeaders(), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as T;
}

export function useCacheStatus() {
  return useQuery({
    queryKey: cacheOpsKeys.status(),
    queryFn: () => requestJson<CacheStatusOutput>("/api/v1/ops/cache"),
    refetchInterval: LIVE_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

export function usePreviewInvalidation() {
  return useMutation({ mutationFn: (target: InvalidationTargetInput) => requestJson<InvalidationPreviewOutput>("/api/v1/ops/cache/invalidations/preview", target) });
}

export function useInvalidate() {
  const queryClient = useQueryClient();
  const withStepUp = useStepUpRetry();
  return useMutation({
    mutationFn: (input: InvalidateInput) => withStepUp(() => requestJson<InvalidateResultOutput>("/api/v1/ops/cache/invalidations", input)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cacheOpsKeys.status() }),
  });
}

export function useWarmNow() {
  const queryClient = useQueryClient();
  const withStepUp = useStepUpRetry();
  return useMutation({
    mutationFn: () => withStepUp(() => requestJson<WarmResultOutput>("/api/v1/ops/cache/warm", {})),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cacheOpsKeys.status() }),
  });
}
