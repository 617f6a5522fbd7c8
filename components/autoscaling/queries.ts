"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, toApiError } from "@/components/auth/api-error";
import { useStepUpRetry } from "@/components/auth/step-up-dialog";
import type { AutoscalingHistoryResponse, AutoscalingPolicyResponse, UpdateAutoscalingPolicyResponse } from "@/lib/autoscaling/schemas";
import type { TimeRange } from "@/lib/ops/schemas";
import { presenceHeaders } from "@/components/shell/user-presence";

/** History moves one 15 s step at a time; a refresh per step is enough. */
const HISTORY_REFRESH_MS = 15_000;

export const autoscalingKeys = {
  policy: () => ["autoscaling", "policy"] as const,
  history: (range: TimeRange) => ["autoscaling", "history", range] as const,
  hpaYaml: () => ["autoscaling", "hpa-yaml"] as const,
};

export const HPA_EXPORT_URL = "/api/v1/ops/exports/hpa";

/** A refused save, with the problem document's per-field `errors` (paths like `json.minReplicas`). */
export class PolicySaveError extends ApiError {
  constructor(base: ApiError, readonly fieldErrors: { path: string; message: string }[]) {
    super(base.status, base.detail, base.code);
  }
}

async function get(url: string, accept: string): Promise<Response> {
  const response = await fetch(url, { headers: { accept, ...presenceHeaders() } });
  if (!response.ok) throw await toApiError(response);
  return response;
}

export function useAutoscalingPolicy() {
  return useQuery({ queryKey: autoscalingKeys.policy(), queryFn: async () => (await (await get("/api/v1/ops/autoscaling/policy", "application/json")).json()) as AutoscalingPolicyResponse });
}

export function useAutoscalingHistory(range: TimeRange) {
  return useQuery({
    queryKey: autoscalingKeys.history(range),
    queryFn: async () => (await (await get(`/api/v1/ops/autoscaling/history?range=${range}`, "application/json")).json()) as AutoscalingHistoryResponse,
    refetchInterval: HISTORY_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

export function useHpaYaml() {
  return useQuery({ queryKey: autoscalingKeys.hpaYaml(), queryFn: async () => (await get(HPA_EXPORT_URL, "application/yaml")).text() });
}

async function putPolicy(input: unknown): Promise<UpdateAutoscalingPolicyResponse> {
  const response = await fetch("/api/v1/ops/autoscaling/policy", {
    method: "PUT",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(input),
  });
  if (response.ok) return (await response.json()) as UpdateAutoscalingPolicyResponse;
  const body = (await response.clone().json().catch(() => ({}))) as { errors?: { path: string; message: string }[] };
  throw new PolicySaveError(await toApiError(response), body.errors ?? []);
}

export function useSaveAutoscalingPolicy() {
  const queryClient = useQueryClient();
  const withStepUp = useStepUpRetry();
  return useMutation({
    mutationFn: (input: unknown) => withStepUp(() => putPolicy(input)),
    onSuccess: (result) => {
      const { audit: _audit, ...policy } = result;
      queryClient.setQueryData<AutoscalingPolicyResponse>(autoscalingKeys.policy(), policy);
      void queryClient.invalidateQueries({ queryKey: autoscalingKeys.hpaYaml() });
    },
  });
}
