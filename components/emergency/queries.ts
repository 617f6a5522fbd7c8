"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect } from "react";
import { toApiError } from "@/components/auth/api-error";
import { useStepUpRetry } from "@/components/auth/step-up-dialog";
import type { ProcedureId } from "@/lib/emergency/procedure";
import type {
  DependencyBreakersOutput,
  OverrideListOutput,
  ProcedureListOutput,
  ProcedurePreviewOutput,
  ProcedureRunOutput,
  RunHistoryOutput,
} from "@/lib/emergency/schemas";
import { breakerKeys } from "./breaker-status";
import { presenceHeaders } from "@/components/shell/user-presence";

/** Live panels re-read every 5 s; a run being watched every second. */
const LIVE_MS = 5_000;
const RUN_WATCH_MS = 1_000;

export const emergencyKeys = {
  all: ["emergency"] as const,
  procedures: () => ["emergency", "procedures"] as const,
  run: (runId: string) => ["emergency", "run", runId] as const,
  runs: () => ["emergency", "runs"] as const,
  overrides: () => ["emergency", "overrides"] as const,
  dependencies: () => ["emergency", "dependencies"] as const,
};

async function send<T>(method: "GET" | "POST", url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { accept: "application/json", ...presenceHeaders(), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as T;
}

export function useProcedures() {
  return useQuery({ queryKey: emergencyKeys.procedures(), queryFn: () => send<ProcedureListOutput>("GET", "/api/v1/ops/emergency/procedures"), refetchInterval: LIVE_MS, placeholderData: keepPreviousData });
}

export function useOverrides() {
  return useQuery({ queryKey: emergencyKeys.overrides(), queryFn: () => send<OverrideListOutput>("GET", "/api/v1/ops/emergency/overrides"), refetchInterval: LIVE_MS, placeholderData: keepPreviousData });
}

export function useDependencyBreakers() {
  return useQuery({ queryKey: emergencyKeys.dependencies(), queryFn: () => send<DependencyBreakersOutput>("GET", "/api/v1/ops/emergency/dependencies"), refetchInterval: LIVE_MS, placeholderData: keepPreviousData });
}

const isActive = (run: ProcedureRunOutput | undefined) => run !== undefined && ["requested", "awaiting_approval", "running"].includes(run.status);

/** Watches one run every second until it has finished; then everything it changed is re-read at once. */
export function useRun(runId: string | null) {
  const refresh = useRefreshAll();
  const run = useQuery({
    queryKey: emergencyKeys.run(runId ?? "none"),
    queryFn: () => send<ProcedureRunOutput>("GET", `/api/v1/ops/emergency/runs/${runId}`),
    enabled: runId !== null,
    refetchInterval: (query) => (isActive(query.state.data) ? RUN_WATCH_MS : false),
  });
  // Without this the overrides and the banner would wait for their next 5 s poll after a run ends.
  const finished = run.data !== undefined && !isActive(run.data);
  useEffect(() => {
    if (finished) void refresh();
  }, [finished, runId, refresh]);
  return run;
}

export function useRunHistory() {
  return useInfiniteQuery({
    queryKey: emergencyKeys.runs(),
    queryFn: ({ pageParam }) => send<RunHistoryOutput>("GET", `/api/v1/ops/emergency/runs?limit=10${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: LIVE_MS,
  });
}

export function usePreview(procedure: ProcedureId) {
  return useMutation({ mutationFn: (input: unknown) => send<ProcedurePreviewOutput>("POST", `/api/v1/ops/emergency/${procedure}/preview`, { input }) });
}

/** Everything a finished action can change: the cards, the overrides, the history and the banner. */
function useRefreshAll() {
  const client = useQueryClient();
  return useCallback(() => Promise.all([client.invalidateQueries({ queryKey: emergencyKeys.all }), client.invalidateQueries({ queryKey: breakerKeys.status() })]), [client]);
}

export type RunRequest = { input: unknown; confirmation: string; idempotencyKey: string; dataLossAcknowledged?: boolean };

export function useStartRun(procedure: ProcedureId) {
  const refresh = useRefreshAll();
  const withStepUp = useStepUpRetry();
  return useMutation({
    mutationFn: (request: RunRequest) => withStepUp(() => send<ProcedureRunOutput>("POST", `/api/v1/ops/emergency/${procedure}/runs`, request)),
    onSettled: refresh,
  });
}

export function useRunDecision() {
  const refresh = useRefreshAll();
  const withStepUp = useStepUpRetry();
  return useMutation({
    mutationFn: ({ runId, decision }: { runId: string; decision: "approve" | "cancel" }) => withStepUp(() => send<ProcedureRunOutput>("POST", `/api/v1/ops/emergency/runs/${runId}/${decision}`)),
    onSettled: refresh,
  });
}

export function useEndOverride() {
  const refresh = useRefreshAll();
  const withStepUp = useStepUpRetry();
  return useMutation({
    mutationFn: ({ overrideId, reason }: { overrideId: string; reason: string }) => withStepUp(() => send<OverrideListOutput>("POST", `/api/v1/ops/emergency/overrides/${overrideId}/end`, { reason })),
    onSettled: refresh,
  });
}
