"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, toApiError } from "@/components/auth/api-error";
import { useStepUpRetry } from "@/components/auth/step-up-dialog";
import type { DrillInput, DrillOutput, EventDetail, EventsPage, LoadTestInput, LoadTestOutput, RunOutput, UpdateItemInput } from "@/lib/checklists/schemas";

export const checklistKeys = {
  all: () => ["checklists"] as const,
  events: () => ["checklists", "events"] as const,
  event: (id: string) => ["checklists", "event", id] as const,
};

/** A refused request, with the problem document's per-field `errors`. */
export class ChecklistRequestError extends ApiError {
  constructor(base: ApiError, readonly fieldErrors: { path: string; message: string }[]) {
    super(base.status, base.detail, base.code);
  }
}

async function send<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.ok) return (await response.json()) as T;
  const problem = (await response.clone().json().catch(() => ({}))) as { errors?: { path: string; message: string }[] };
  throw new ChecklistRequestError(await toApiError(response), problem.errors ?? []);
}

export function useScalingEvents() {
  return useInfiniteQuery({
    queryKey: checklistKeys.events(),
    queryFn: ({ pageParam }) => send<EventsPage>("GET", `/api/v1/ops/scaling-events?limit=20${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

export function useScalingEvent(id: string | null) {
  return useQuery({
    queryKey: checklistKeys.event(id ?? "none"),
    queryFn: () => send<EventDetail>("GET", `/api/v1/ops/scaling-events/${encodeURIComponent(id!)}`),
    enabled: id !== null,
    placeholderData: keepPreviousData,
  });
}

/** After any change: the event (and the list's progress) read fresh. */
function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: checklistKeys.all() });
}

export function useOpenEvent() {
  const refresh = useRefresh();
  const withStepUp = useStepUpRetry();
  return useMutation({ mutationFn: (reason: string) => withStepUp(() => send<EventDetail>("POST", "/api/v1/ops/scaling-events", { reason })), onSuccess: refresh });
}

export function useUpdateItem() {
  const refresh = useRefresh();
  const withStepUp = useStepUpRetry();
  return useMutation({
    mutationFn: ({ runId, key, input }: { runId: string; key: string; input: UpdateItemInput }) => withStepUp(() => send<RunOutput>("PUT", `/api/v1/ops/checklist-runs/${runId}/items/${key}`, input)),
    onSettled: refresh,
  });
}

export function useVerifyItem() {
  const refresh = useRefresh();
  const withStepUp = useStepUpRetry();
  return useMutation({
    mutationFn: ({ runId, key }: { runId: string; key: string }) => withStepUp(() => send<RunOutput>("POST", `/api/v1/ops/checklist-runs/${runId}/items/${key}/verify`)),
    onSettled: refresh,
  });
}

export function useSignOff() {
  const refresh = useRefresh();
  const withStepUp = useStepUpRetry();
  return useMutation({ mutationFn: (runId: string) => withStepUp(() => send<RunOutput>("POST", `/api/v1/ops/checklist-runs/${runId}/sign-off`)), onSettled: refresh });
}

export function useReopen() {
  const refresh = useRefresh();
  const withStepUp = useStepUpRetry();
  return useMutation({ mutationFn: ({ runId, reason }: { runId: string; reason: string }) => withStepUp(() => send<RunOutput>("POST", `/api/v1/ops/checklist-runs/${runId}/reopen`, { reason })), onSettled: refresh });
}

export function useRecordLoadTest() {
  const refresh = useRefresh();
  const withStepUp = useStepUpRetry();
  return useMutation({ mutationFn: (input: LoadTestInput) => withStepUp(() => send<LoadTestOutput>("POST", "/api/v1/ops/load-tests", input)), onSuccess: refresh });
}

export function useRecordDrill() {
  const refresh = useRefresh();
  const withStepUp = useStepUpRetry();
  return useMutation({ mutationFn: (input: DrillInput) => withStepUp(() => send<DrillOutput>("POST", "/api/v1/ops/drills", input)), onSuccess: refresh });
}

export function fieldErrorOf(error: Error | null, path: string): string | undefined {
  return error instanceof ChecklistRequestError ? error.fieldErrors.find((entry) => entry.path === path)?.message : undefined;
}
