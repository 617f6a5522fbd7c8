"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toApiError } from "@/components/auth/api-error";
import { useStepUpRetry } from "@/components/auth/step-up-dialog";
import { LIVE_REFRESH_MS } from "@/components/ops/queries";
import type { CreateSilenceInput, ExpiredSilence, SilenceChanged, SilencesResponse } from "@/lib/alerting/schemas";

export const silenceKeys = { all: () => ["alerting", "silences"] as const };

async function send<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, headers: { accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}) } });
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as T;
}

export function useSilences() {
  return useQuery({ queryKey: silenceKeys.all(), queryFn: () => send<SilencesResponse>("/api/v1/ops/alerting/silences"), refetchInterval: LIVE_REFRESH_MS, placeholderData: keepPreviousData });
}

export function useCreateSilence() {
  const queryClient = useQueryClient();
  const withStepUp = useStepUpRetry();
  return useMutation({
    mutationFn: (input: CreateSilenceInput) => withStepUp(() => send<SilenceChanged>("/api/v1/ops/alerting/silences", { method: "POST", body: JSON.stringify(input) })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: silenceKeys.all() }),
  });
}

export function useExpireSilence() {
  const queryClient = useQueryClient();
  const withStepUp = useStepUpRetry();
  return useMutation({
    mutationFn: (id: string) => withStepUp(() => send<ExpiredSilence>(`/api/v1/ops/alerting/silences/${encodeURIComponent(id)}`, { method: "DELETE" })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: silenceKeys.all() }),
  });
}
