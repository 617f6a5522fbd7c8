"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { toApiError } from "@/components/auth/api-error";
import { tenantKey } from "@/components/query-keys";
import { useActiveTenantId } from "@/components/shell/active-tenant";
import type { TenantRole } from "@/lib/auth/roles";
import type { MemberOutput } from "@/lib/members/schemas";

const PATH = "/api/v1/members";
const PAGE_SIZE = 50;

type MemberPage = { items: MemberOutput[]; nextCursor: string | null };

export function memberKeys(tenantId: string | null) {
  return { all: tenantKey(tenantId, "members") };
}

async function send<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, headers: { accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}) } });
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as T;
}

/** The active tenant's members, by e-mail, a page at a time. */
export function useMembers() {
  const tenantId = useActiveTenantId();
  return useInfiniteQuery({
    queryKey: memberKeys(tenantId).all,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => send<MemberPage>(`${PATH}?limit=${PAGE_SIZE}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`),
    getNextPageParam: (page) => page.nextCursor,
  });
}

function useMemberMutation<Input, Output>(request: (input: Input) => Promise<Output>) {
  const client = useQueryClient();
  const tenantId = useActiveTenantId();
  return useMutation({ mutationFn: request, onSuccess: () => client.invalidateQueries({ queryKey: memberKeys(tenantId).all }) });
}

export function useAddMember() {
  return useMemberMutation((input: { email: string; role: TenantRole }) => send<MemberOutput>(PATH, { method: "POST", body: JSON.stringify(input) }));
}

export function useChangeMemberRole() {
  return useMemberMutation(({ userId, role }: { userId: string; role: TenantRole }) => send<MemberOutput>(`${PATH}/${encodeURIComponent(userId)}`, { method: "PATCH", body: JSON.stringify({ role }) }));
}

export function useRemoveMember() {
  return useMemberMutation((userId: string) => send<{ removed: MemberOutput }>(`${PATH}/${encodeURIComponent(userId)}`, { method: "DELETE" }));
}
