"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type {
  ExecutionDetailOutput,
  ExecutionStatus,
  ExecutionSummaryOutput,
  WorkflowDefinitionInput,
  WorkflowOutput,
} from "@/lib/workflows/schemas";
import { dashboardKeys } from "@/components/dashboard/queries";
import { requestJson } from "./api";
import { tenantKey } from "@/components/query-keys";
import { useActiveTenantId } from "@/components/shell/active-tenant";

type Page<T> = { items: T[]; nextCursor: string | null };

/** Lists refresh in the background; a running execution's timeline faster. */
const LIST_REFRESH_MS = 5_000;
const LIVE_EXECUTION_REFRESH_MS = 1_000;

export const workflowKeys = {
  all: (tenantId: string | null) => tenantKey(tenantId, "workflows"),
  definitions: (tenantId: string | null) => tenantKey(tenantId, "workflows", "definitions"),
  /** Every status filter's list. */
  executionLists: (tenantId: string | null) => tenantKey(tenantId, "workflows", "executions"),
  executions: (tenantId: string | null, status: ExecutionStatus | "all") => tenantKey(tenantId, "workflows", "executions", status),
  execution: (tenantId: string | null, id: string) => tenantKey(tenantId, "workflows", "execution", id),
};

export function isFinished(status: ExecutionStatus): boolean {
  return status === "succeeded" || status === "failed" || status === "cancelled";
}

export function useWorkflowDefinitions() {
  const tenantId = useActiveTenantId();
  return useInfiniteQuery({
    queryKey: workflowKeys.definitions(tenantId),
    queryFn: ({ pageParam }) => requestJson<Page<WorkflowOutput>>(`/api/v1/workflows?limit=25${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`),
    initialPageParam: "",
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useExecutions(status: ExecutionStatus | "all") {
  const tenantId = useActiveTenantId();
  return useInfiniteQuery({
    queryKey: workflowKeys.executions(tenantId, status),
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: "25", ...(status === "all" ? {} : { status }), ...(pageParam ? { cursor: pageParam } : {}) });
      return requestJson<Page<ExecutionSummaryOutput>>(`/api/v1/workflow-executions?${params}`);
    },
    initialPageParam: "",
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: LIST_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

export function useExecution(id: string) {
  const queryClient = useQueryClient();
  const tenantId = useActiveTenantId();
  const status = useQuery({
    queryKey: workflowKeys.execution(tenantId, id),
    queryFn: () => requestJson<ExecutionDetailOutput>(`/api/v1/workflow-executions/${id}`),
    // Live while it can still change; a finished execution is history.
    refetchInterval: (query) => (query.state.data && isFinished(query.state.data.status) ? false : LIVE_EXECUTION_REFRESH_MS),
    placeholderData: keepPreviousData,
  });
  // Once it ends, the lists and the dashboard that show it are out of date.
  const finished = status.data ? isFinished(status.data.status) : false;
  useEffect(() => {
    if (!finished) return;
    void queryClient.invalidateQueries({ queryKey: workflowKeys.executionLists(tenantId) });
    void queryClient.invalidateQueries({ queryKey: dashboardKeys.stats(tenantId) });
  }, [finished, queryClient, tenantId]);
  return status;
}

export function useSaveWorkflow() {
  const queryClient = useQueryClient();
  const tenantId = useActiveTenantId();
  return useMutation({
    mutationFn: ({ id, definition }: { id: string | null; definition: WorkflowDefinitionInput }) =>
      requestJson<WorkflowOutput>(id ? `/api/v1/workflows/${id}` : "/api/v1/workflows", { method: id ? "PUT" : "POST", body: definition }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workflowKeys.definitions(tenantId) }),
  });
}

export function useDeleteWorkflow() {
  const queryClient = useQueryClient();
  const tenantId = useActiveTenantId();
  return useMutation({
    mutationFn: (id: string) => requestJson<{ id: string; deleted: true }>(`/api/v1/workflows/${id}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workflowKeys.all(tenantId) }),
  });
}

export function useRunWorkflow() {
  const queryClient = useQueryClient();
  const tenantId = useActiveTenantId();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input?: unknown }) => requestJson<ExecutionSummaryOutput>(`/api/v1/workflows/${id}/executions`, { body: input === undefined ? {} : { input } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: workflowKeys.executionLists(tenantId) });
      await queryClient.invalidateQueries({ queryKey: dashboardKeys.stats(tenantId) });
    },
  });
}

export function useCancelExecution(id: string) {
  const queryClient = useQueryClient();
  const tenantId = useActiveTenantId();
  return useMutation({
    mutationFn: () => requestJson<ExecutionSummaryOutput>(`/api/v1/workflow-executions/${id}/cancel`, { body: {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workflowKeys.execution(tenantId, id) }),
  });
}
