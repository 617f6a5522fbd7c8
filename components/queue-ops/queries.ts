"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useStepUp } from "@/components/auth/step-up-dialog";
import { LIVE_REFRESH_MS } from "@/components/ops/queries";
import { ProblemError, requestJson } from "@/components/workflows/api";
import type { DeadLetterOutput, RetryDeadLettersOutput, WorkflowOpsSummaryOutput } from "@/lib/workflows/schemas";

export const queueOpsKeys = {
  all: () => ["queue-ops"] as const,
  summary: () => ["queue-ops", "summary"] as const,
  deadLetters: () => ["queue-ops", "dead-letters"] as const,
};

export function useQueueSummary() {
  return useQuery({
    queryKey: queueOpsKeys.summary(),
    queryFn: () => requestJson<WorkflowOpsSummaryOutput>("/api/v1/ops/workflows/summary"),
    refetchInterval: LIVE_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
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

/** Runs `action`; when the server wants the password re-entered first, asks for it and runs it once more. */
function useWithStepUp() {
  const { ensureRecentPassword } = useStepUp();
  return async <T,>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      if (error instanceof ProblemError && error.code === "step_up_required" && (await ensureRecentPassword())) return action();
      throw error;
    }
  };
}

export function useRetryExecution() {
  const queryClient = useQueryClient();
  const withStepUp = useWithStepUp();
  return useMutation({
    mutationFn: (id: string) => withStepUp(() => requestJson<unknown>(`/api/v1/ops/workflow-executions/${id}/retry`, { body: {} })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queueOpsKeys.all() }),
  });
}

export function usePreviewRetryAll() {
  return useMutation({ mutationFn: () => requestJson<RetryDeadLettersOutput>("/api/v1/ops/workflows/dead-letter/retry", { body: { dryRun: true } }) });
}

export function useRetryAll() {
  const queryClient = useQueryClient();
  const withStepUp = useWithStepUp();
  return useMutation({
    mutationFn: (confirmCount: number) => withStepUp(() => requestJson<RetryDeadLettersOutput>("/api/v1/ops/workflows/dead-letter/retry", { body: { dryRun: false, confirmCount } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queueOpsKeys.all() }),
  });
}
