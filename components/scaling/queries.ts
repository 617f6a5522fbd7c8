"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, toApiError } from "@/components/auth/api-error";
import { useStepUpRetry } from "@/components/auth/step-up-dialog";
import { LIVE_REFRESH_MS } from "@/components/ops/queries";
import type { TimeRange } from "@/lib/ops/schemas";
import type { RuleHistoryResponse, RulesResponse, UpdateRuleInput, UpdateRuleResponse } from "@/lib/scaling/rules/schemas";
import { presenceHeaders } from "@/components/shell/user-presence";

export const ruleKeys = {
  all: () => ["scaling", "rules"] as const,
  list: () => ["scaling", "rules", "list"] as const,
  history: (id: string, range: TimeRange) => ["scaling", "rules", "history", id, range] as const,
};

/** A refused save, with the problem document's per-field `errors` (paths like `json.threshold`). */
export class RuleSaveError extends ApiError {
  constructor(base: ApiError, readonly fieldErrors: { path: string; message: string }[]) {
    super(base.status, base.detail, base.code);
  }
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json", ...presenceHeaders() } });
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as T;
}

export function useRules() {
  return useQuery({ queryKey: ruleKeys.list(), queryFn: () => getJson<RulesResponse>("/api/v1/ops/rules"), refetchInterval: LIVE_REFRESH_MS, placeholderData: keepPreviousData });
}

export function useRuleHistory(id: string, range: TimeRange) {
  return useQuery({
    queryKey: ruleKeys.history(id, range),
    queryFn: () => getJson<RuleHistoryResponse>(`/api/v1/ops/rules/${encodeURIComponent(id)}/history?range=${range}`),
    refetchInterval: LIVE_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

async function putRule({ id, input }: { id: string; input: Record<keyof UpdateRuleInput, unknown> }): Promise<UpdateRuleResponse> {
  const response = await fetch(`/api/v1/ops/rules/${encodeURIComponent(id)}`, {
    method: "PUT",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(input),
  });
  if (response.ok) return (await response.json()) as UpdateRuleResponse;
  const body = (await response.clone().json().catch(() => ({}))) as { errors?: { path: string; message: string }[] };
  throw new RuleSaveError(await toApiError(response), body.errors ?? []);
}

export function useUpdateRule() {
  const queryClient = useQueryClient();
  const withStepUp = useStepUpRetry();
  return useMutation({
    mutationFn: (change: Parameters<typeof putRule>[0]) => withStepUp(() => putRule(change)),
    onSuccess: (result) => {
      queryClient.setQueryData<RulesResponse>(ruleKeys.list(), (current) =>
        current ? { ...current, rules: current.rules.map((rule) => (rule.id === result.rule.id ? result.rule : rule)) } : current,
      );
      void queryClient.invalidateQueries({ queryKey: ruleKeys.all() });
    },
  });
}
