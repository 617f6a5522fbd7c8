"use client";

import { Bell } from "lucide-react";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { useNow } from "@/components/workflows/use-now";
import { NotificationItem } from "./notification-item";
import { useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from "./queries";

/** The header's bell for platform users: the unread count, polled; the list opens in a panel. */
export function NotificationBell({ canManageWebhooks }: { canManageWebhooks: boolean }) {
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const count = unread.data?.unread ?? 0;
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  return (
    <div ref={rootRef} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={count > 0 ? `Notifications, ${count} unread` : "Notifications"}
        onClick={() => setOpen((value) => !value)}
        className="relative inline-flex size-9 items-center justify-center rounded-md border border-line hover:bg-surface focus-visible:outline-2 focus-visible:outline-accent"
        data-testid="notification-bell"
      >
        <Bell aria-hidden size={18} />
        {count > 0 ? (
          <span aria-hidden data-testid="notification-unread" className="absolute -right-1.5 -top-1.5 min-w-5 rounded-full bg-danger px-1 text-center text-[11px] font-semibold leading-5 text-accent-ink tabular-nums">
            {count > 99 ? "99+" : count}
          </span>
        ) : null}
      </button>
      {open ? <NotificationPanel id={panelId} unread={count} canManageWebhooks={canManageWebhooks} onClose={() => setOpen(false)} /> : null}
    </div>
  );
}

function NotificationPanel({ id, unread, canManageWebhooks, onClose }: { id: string; unread: number; canManageWebhooks: boolean; onClose: () => void }) {
  const list = useNotifications(true);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const nowMs = useNow();
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section
      id={id}
      aria-label="Notifications"
      className="fixed inset-x-3 top-16 z-40 flex max-h-[70vh] flex-col rounded-lg border border-line bg-panel shadow-lg sm:absolute sm:inset-x-auto sm:right-0 sm:top-full sm:mt-2 sm:w-96"
    >
      <header className="flex items-center justify-between gap-2 border-b border-line px-3 py-2">
        <h2 className="text-sm font-semibold">Notifications</h2>
        <button
          type="button"
          disabled={unread === 0 || markAll.isPending}
          title={unread === 0 ? "Nothing unread" : undefined}
          onClick={() => markAll.mutate()}
          className="rounded-md px-2 py-1 text-xs text-accent hover:bg-surface disabled:text-muted disabled:opacity-70 focus-visible:outline-2 focus-visible:outline-accent"
        >
          {markAll.isPending ? "Marking…" : "Mark all read"}
        </button>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {list.isPending ? (
          <ul aria-label="Loading notifications" className="space-y-2 p-3">
            {[0, 1, 2].map((row) => (
              <li key={row} className="h-12 animate-pulse rounded bg-surface" />
            ))}
          </ul>
        ) : list.isError ? (
          <div role="alert" className="space-y-2 p-3 text-sm">
            <p className="text-danger">Notifications could not be loaded: {list.error.message}</p>
            <button type="button" onClick={() => list.refetch()} className="rounded-md border border-line px-2 py-1 text-xs">
              Retry
            </button>
          </div>
        ) : items.length === 0 ? (
          <p className="p-4 text-sm text-muted">
            Nothing yet. Alerts that fire or resolve, reminders before your overrides lapse, procedure results, and approvals or sign-offs waiting for you appear here.
          </p>
        ) : (
          <ul>
            {items.map((item) => (
              <NotificationItem
                key={item.id}
                item={item}
                nowMs={nowMs}
                onMarkRead={() => markRead.mutate(item.id)}
                onOpen={() => {
                  if (item.readAt === null) markRead.mutate(item.id);
                  onClose();
                }}
              />
            ))}
          </ul>
        )}
        {list.hasNextPage ? (
          <div className="p-2 text-center">
            <button type="button" disabled={list.isFetchingNextPage} onClick={() => list.fetchNextPage()} className="rounded-md border border-line px-3 py-1 text-xs disabled:opacity-60">
              {list.isFetchingNextPage ? "Loading…" : "Load more"}
            </button>
          </div>
        ) : null}
      </div>
      {canManageWebhooks ? (
        <footer className="border-t border-line px-3 py-2 text-xs">
          <Link href="/ops/notifications" onClick={onClose} className="text-accent hover:underline">
            Webhook settings
          </Link>
        </footer>
      ) : null}
    </section>
  );
}
