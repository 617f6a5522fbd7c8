"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toApiError } from "@/components/auth/api-error";
import { useStepUpRetry } from "@/components/auth/step-up-dialog";
import { tenantKey } from "@/components/query-keys";
import { useActiveTenantId } from "@/components/shell/active-tenant";
import type { AllowedHostsOutput, DeniedHostsInput, DeniedHostsOutput } from "@/lib/egress/schemas";

const ALLOWED_PATH = "/api/v1/workflow-egress/allowed-hosts";
const DENIED_PATH = "/api/v1/ops/egress/denied-hosts";

/** The allow-list is tenant data (its key carries the tenant); the deny-list is the platform's. */
export const egressKeys = {
  allowed: (tenantId: string | null) => tenantKey(tenantId, "workflow-egress", "allowed-hosts"),
  denied: () => ["ops", "egress", "denied-hosts"] as const,
};

async function send<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, headers: { accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}) } });
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as T;
}

export function useAllowedHosts() {
  const tenantId = useActiveTenantId();
  return useQuery({ queryKey: egressKeys.allowed(tenantId), queryFn: () => send<AllowedHostsOutput>(ALLOWED_PATH) });
}

export function useSaveAllowedHosts() {
  const client = useQueryClient();
  const tenantId = useActiveTenantId();
  return useMutation({
    mutationFn: (hosts: string[]) => send<AllowedHostsOutput>(ALLOWED_PATH, { method: "PUT", body: JSON.stringify({ hosts }) }),
    onSuccess: (saved) => client.setQueryData(egressKeys.allowed(tenantId), saved),
  });
}

export function useDeniedHosts() {
  return useQuery({ queryKey: egressKeys.denied(), queryFn: () => send<DeniedHostsOutput>(DENIED_PATH) });
}

export function useSaveDeniedHosts() {
  const client = useQueryClient();
  const withStepUp = useStepUpRetry();
  return useMutation({
    mutationFn: (hosts: DeniedHostsInput["hosts"]) => withStepUp(() => send<DeniedHostsOutput>(DENIED_PATH, { method: "PUT", body: JSON.stringify({ hosts }) })),
    onSuccess: (saved) => client.setQueryData(egressKeys.denied(), saved),
  });
}
