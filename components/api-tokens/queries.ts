"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toApiError } from "@/components/auth/api-error";
import type { ApiTokenOutput, CreateApiTokenInput } from "@/lib/auth/api-tokens/schemas";

export type CreatedApiToken = ApiTokenOutput & { secret: string };

const PATH = "/api/v1/account/tokens";

/** The signed-in user's own tokens: not tenant data, so no tenant in the key. */
export const apiTokenKeys = { list: () => ["api-tokens", "list"] as const };

async function send<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, headers: { accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}) } });
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as T;
}

export function useApiTokens() {
  return useQuery({ queryKey: apiTokenKeys.list(), queryFn: () => send<{ items: ApiTokenOutput[] }>(PATH) });
}

export function useCreateApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateApiTokenInput) => send<CreatedApiToken>(PATH, { method: "POST", body: JSON.stringify(input) }),
    onSuccess: () => client.invalidateQueries({ queryKey: apiTokenKeys.list() }),
  });
}

export function useRevokeApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => send<{ revoked: true }>(`${PATH}/${id}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: apiTokenKeys.list() }),
  });
}
