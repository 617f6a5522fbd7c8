"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useStepUpRetry } from "@/components/auth/step-up-dialog";
import { LIVE_REFRESH_MS } from "@/components/ops/queries";
import { requestJson } from "@/components/workflows/api";
import type { QueuePauseInput, QueuePauseOutput, TenantQueueViewOutput } from "@/lib/workflows/queue-control-schemas";
import type { DeadLetterDetailOutput, DeadLetterOutput, RetryDeadLettersOutput, WorkflowOpsSummaryOutput } from "@/lib/workflows/schemas";

export const queueOpsKeys = {
  all: () => ["queue-ops"] as const,
  summary: () => ["queue-ops", "summary"] as const,
  deadLetters: () => ["queue-ops", "dead-letters"] as const,
  deadLetter: (id: string) => ["queue-ops", "dead-letters", id] as const,
  tenants: () => ["queue-ops", "tenants"] as const,
};

export function useTenantQueue() {
  return useQuery({
    queryKey: queueOpsKeys.tenants(),
    queryFn: () => requestJson<TenantQueueViewOutput>("/api/v1/ops/workflows/tenants"),
    refetchInterval: LIVE_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

/** Pause (with a reason and an expiry) or resume; both need a recent password. */
export function usePauseQueue() {
  const queryClient = useQueryClient();
  const withStepUp = useStepUpRetry();
  return useMutation({
    mutationFn: (change: { pause: QueuePauseInput } | { resume: string }) =>
      withStepUp(() =>
        "pause" in change
          ? requestJson<QueuePauseOutput>("/api/v1/ops/workflows/pauses", { body: change.pause })
          : requestJson<QueuePauseOutput>(`/api/v1/ops/workflows/pauses/${change.resume}`, { method: "DELETE" }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queueOpsKeys.all() }),
  });
}

export function useQueueSummary() {
  return useQuery({
    queryKey: queueOpsKeys.summary(),
    queryFn: () => requestJson<WorkflowOpsSummaryOutput>("/api/v1/ops/workflows/summary"),
    refetchInterval: LIVE_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

/** One dead letter in full; fetched when its row is opened, not refreshed (a dead letter does not change until retried). */
export function useDeadLetterDetail(id: string) {
  return useQuery({ queryKey: queueOpsKeys.deadLetter(id), queryFn: () => requestJson<DeadLetterDetailOutput>(`/api/v1/ops/workflows/dead-letter/${id}`), staleTime: Infinity });
}

export function useDeadLetters(enabled: boolean) {
  return useInfiniteQuery({
    queryKey: queueOpsKeys.deadLetters(),
    queryFn: ({ pageParam }) => requestJson<{ items: DeadLetterOutput[]; nextCursor: string | null }>(`/api/v1/ops/workflows/dead-letter?limit=25${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`),
    initialPageParam: "",
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: LIVE_REFRESH_MS,
    enabled,
  });
}

export function useRetryExecution() {
  const queryClient = useQueryClient();
  const withStepUp = useStepUpRetry();
  return useMutation({
    mutationFn: (id: string) => withStepUp(() => requestJson<unknown>(`/api/v1/ops/workflow-executions/${id}/retry`, { body: {} })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queueOpsKeys.all() }),
  });
}

/** The dry-run count shares its route with the retry, so it too needs a recent password. */
export function usePreviewRetryAll() {
  const withStepUp = useStepUpRetry();
  return useMutation({ mutationFn: () => withStepUp(() => requestJson<RetryDeadLettersOutput>("/api/v1/ops/workflows/dead-letter/retry", { body: { dryRun: true } })) });
}

export function useRetryAll() {
  const queryClient = useQueryClient();
  const withStepUp = useStepUpRetry();
  return useMutation({
    mutationFn: (confirmCount: number) => withStepUp(() => requestJson<RetryDeadLettersOutput>("/api/v1/ops/workflows/dead-letter/retry", { body: { dryRun: false, confirmCount } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queueOpsKeys.all() }),
  });
}
