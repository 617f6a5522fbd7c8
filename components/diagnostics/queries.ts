"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toApiError } from "@/components/auth/api-error";
import { useStepUpRetry } from "@/components/auth/step-up-dialog";
import { LIVE_REFRESH_MS } from "@/components/ops/queries";
import type { BackendAction, BackendActionPreview, BackendActionResult } from "@/lib/diagnostics/backend-actions";
import type { HeapSnapshotInfo } from "@/lib/diagnostics/heap-snapshots";
import type { DiagnosticsReport } from "@/lib/diagnostics/sampler";
import { presenceHeaders } from "@/components/shell/user-presence";

export type { DiagnosticsReport };

export const diagnosticsKeys = {
  report: () => ["diagnostics", "report"] as const,
  heapSnapshots: () => ["diagnostics", "heap-snapshots"] as const,
};

async function requestJson<T>(url: string, init?: { method: "POST"; body: unknown }): Promise<T> {
  const response = await fetch(url, {
    method: init?.method ?? "GET",
    headers: { accept: "application/json", ...presenceHeaders(), ...(init ? { "content-type": "application/json" } : {}) },
    body: init ? JSON.stringify(init.body) : undefined,
  });
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as T;
}

export function useDiagnostics() {
  return useQuery({
    queryKey: diagnosticsKeys.report(),
    queryFn: () => requestJson<DiagnosticsReport>("/api/v1/ops/diagnostics"),
    refetchInterval: LIVE_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

export function usePreviewBlockerAction() {
  return useMutation({
    mutationFn: ({ pid, action }: { pid: number; action: BackendAction }) => requestJson<BackendActionPreview>(`/api/v1/ops/diagnostics/blockers/${pid}/preview`, { method: "POST", body: { action } }),
  });
}

export function useRunBlockerAction() {
  const queryClient = useQueryClient();
  const withStepUp = useStepUpRetry();
  return useMutation({
    mutationFn: ({ pid, action, confirmPid }: { pid: number; action: BackendAction; confirmPid: number }) =>
      withStepUp(() => requestJson<BackendActionResult>(`/api/v1/ops/diagnostics/blockers/${pid}/actions`, { method: "POST", body: { action, confirmPid } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: diagnosticsKeys.report() }),
  });
}

export function useHeapSnapshots(enabled: boolean) {
  return useQuery({
    queryKey: diagnosticsKeys.heapSnapshots(),
    queryFn: () => requestJson<{ instancePid: number; snapshots: HeapSnapshotInfo[] }>("/api/v1/ops/diagnostics/heap-snapshots"),
    enabled,
  });
}

export function useTakeHeapSnapshot() {
  const queryClient = useQueryClient();
  const withStepUp = useStepUpRetry();
  return useMutation({
    mutationFn: () => withStepUp(() => requestJson<HeapSnapshotInfo>("/api/v1/ops/diagnostics/heap-snapshots", { method: "POST", body: {} })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: diagnosticsKeys.heapSnapshots() }),
  });
}
