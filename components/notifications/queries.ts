"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toApiError } from "@/components/auth/api-error";
import { useStepUpRetry } from "@/components/auth/step-up-dialog";
import type { CreateWebhookInput, DeadDeliveryOutput, NotificationOutput, WebhookOutput } from "@/lib/notifications/schemas";

/** The signed-in user's own inbox and the platform's webhooks: not tenant data, so no tenant in the keys. */
export const notificationKeys = {
  all: ["notifications"] as const,
  unread: () => ["notifications", "unread"] as const,
  list: () => ["notifications", "list"] as const,
  webhooks: () => ["notifications", "webhooks"] as const,
  dead: () => ["notifications", "dead"] as const,
};

/** How often the bell asks for the unread count: one indexed count per user. */
export const UNREAD_POLL_MS = 5_000;

type Page<T> = { items: T[]; nextCursor: string | null };

async function send<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, headers: { accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}) } });
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as T;
}

export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unread(),
    queryFn: () => send<{ unread: number }>("/api/v1/ops/notifications/unread"),
    refetchInterval: UNREAD_POLL_MS,
  });
}

/** The list, newest first, loaded page by page; refreshed while open so new items appear on top. */
export function useNotifications(enabled: boolean) {
  return useInfiniteQuery({
    queryKey: notificationKeys.list(),
    queryFn: ({ pageParam }) => send<Page<NotificationOutput> & { unread: number }>(`/api/v1/ops/notifications?limit=10${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
    refetchInterval: enabled ? UNREAD_POLL_MS : false,
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => send<NotificationOutput>(`/api/v1/account/notifications/${id}/read`, { method: "POST" }),
    onSuccess: () => client.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => send<{ marked: number }>("/api/v1/account/notifications/read-all", { method: "POST" }),
    onSuccess: () => client.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useWebhooks() {
  return useQuery({ queryKey: notificationKeys.webhooks(), queryFn: () => send<{ items: WebhookOutput[] }>("/api/v1/ops/notification-webhooks") });
}

export type CreatedWebhook = WebhookOutput & { secret: string };

export function useCreateWebhook() {
  const client = useQueryClient();
  const withStepUp = useStepUpRetry();
  return useMutation({
    mutationFn: (input: CreateWebhookInput) => withStepUp(() => send<CreatedWebhook>("/api/v1/ops/notification-webhooks", { method: "POST", body: JSON.stringify(input) })),
    onSuccess: () => client.invalidateQueries({ queryKey: notificationKeys.webhooks() }),
  });
}

export function useDeleteWebhook() {
  const client = useQueryClient();
  const withStepUp = useStepUpRetry();
  return useMutation({
    mutationFn: (id: string) => withStepUp(() => send<WebhookOutput>(`/api/v1/ops/notification-webhooks/${id}`, { method: "DELETE" })),
    onSuccess: () => client.invalidateQueries({ queryKey: notificationKeys.webhooks() }),
  });
}

export type TestSendResult = { delivered: boolean; status: number | null; error: string | null };

export function useTestWebhook() {
  const withStepUp = useStepUpRetry();
  return useMutation({
    mutationFn: (id: string) => withStepUp(() => send<TestSendResult>(`/api/v1/ops/notification-webhooks/${id}/test`, { method: "POST" })),
  });
}

export function useDeadDeliveries() {
  return useInfiniteQuery({
    queryKey: notificationKeys.dead(),
    queryFn: ({ pageParam }) => send<Page<DeadDeliveryOutput>>(`/api/v1/ops/notification-deliveries/dead?limit=20${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 15_000,
  });
}

export function useRetryDelivery() {
  const client = useQueryClient();
  const withStepUp = useStepUpRetry();
  return useMutation({
    mutationFn: (id: string) => withStepUp(() => send<{ requeued: true }>(`/api/v1/ops/notification-deliveries/${id}/retry`, { method: "POST" })),
    onSuccess: () => client.invalidateQueries({ queryKey: notificationKeys.dead() }),
  });
}
