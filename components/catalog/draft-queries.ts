"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef } from "react";
import { toApiError } from "@/components/auth/api-error";
import { tenantKey } from "@/components/query-keys";
import { useActiveTenantId } from "@/components/shell/active-tenant";
import type { DraftOutput } from "@/lib/template-drafts/schemas";
import type { TemplateOutput } from "@/lib/templates/schemas";
import { templateKeys } from "./queries";

type Page<T> = { items: T[]; nextCursor: string | null };

const DRAFT_PAGE_SIZE = 20;

export const draftKeys = {
  all: (tenantId: string | null) => tenantKey(tenantId, "template-drafts"),
  list: (tenantId: string | null) => tenantKey(tenantId, "template-drafts", "list"),
  one: (tenantId: string | null, id: string) => tenantKey(tenantId, "template-drafts", "one", id),
};

async function send<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { accept: "application/json", ...(init?.body ? { "content-type": "application/json" } : {}) } });
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as T;
}

export function useTemplate(id: string) {
  const tenantId = useActiveTenantId();
  return useQuery({ queryKey: tenantKey(tenantId, "templates", "one", id), queryFn: () => send<TemplateOutput>(`/api/v1/templates/${encodeURIComponent(id)}`), retry: false });
}

/**
 * "Use template": makes the draft and opens it. One idempotency key per attempt, kept until it
 * succeeds, so a double click or a retry after a lost answer opens the same draft, never two.
 */
export function useCreateDraft() {
  const tenantId = useActiveTenantId();
  const client = useQueryClient();
  const router = useRouter();
  const keyOfAttempt = useRef<string | null>(null);
  return useMutation({
    mutationFn: (templateId: string) => {
      keyOfAttempt.current ??= crypto.randomUUID();
      return send<DraftOutput>("/api/v1/template-drafts", { method: "POST", body: JSON.stringify({ templateId, idempotencyKey: keyOfAttempt.current }) });
    },
    onSuccess: (draft) => {
      keyOfAttempt.current = null;
      client.setQueryData(draftKeys.one(tenantId, draft.id), draft);
      void client.invalidateQueries({ queryKey: draftKeys.list(tenantId) });
      // The use moved the template's popularity: the gallery re-sorts when next shown.
      void client.invalidateQueries({ queryKey: templateKeys.all(tenantId ?? "none") });
      router.push(`/app/templates/drafts/${draft.id}`);
    },
  });
}

export function useDrafts() {
  const tenantId = useActiveTenantId();
  return useInfiniteQuery({
    queryKey: draftKeys.list(tenantId),
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: String(DRAFT_PAGE_SIZE), ...(pageParam ? { cursor: pageParam } : {}) });
      return send<Page<DraftOutput>>(`/api/v1/template-drafts?${params}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useDraft(id: string) {
  const tenantId = useActiveTenantId();
  return useQuery({ queryKey: draftKeys.one(tenantId, id), queryFn: () => send<DraftOutput>(`/api/v1/template-drafts/${encodeURIComponent(id)}`), retry: false });
}

export function useRenameDraft(id: string) {
  const tenantId = useActiveTenantId();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => send<DraftOutput>(`/api/v1/template-drafts/${encodeURIComponent(id)}`, { method: "PATCH", body: JSON.stringify({ name }) }),
    onSuccess: (draft) => {
      client.setQueryData(draftKeys.one(tenantId, id), draft);
      void client.invalidateQueries({ queryKey: draftKeys.list(tenantId) });
    },
  });
}
