"use client";

import Link from "next/link";
import { formatRelative, formatTimestamp } from "@/components/workflows/format";
import type { NotificationOutput } from "@/lib/notifications/schemas";

const SEVERITY_STYLE: Record<NotificationOutput["severity"], string> = {
  info: "border-line text-muted",
  warning: "border-warn text-ink",
  critical: "border-danger text-danger",
};

/** One notification: severity as a word (never colour alone), title, body, age; unread ones marked. */
export function NotificationItem({ item, nowMs, onOpen, onMarkRead }: { item: NotificationOutput; nowMs: number; onOpen: () => void; onMarkRead: () => void }) {
  const unread = item.readAt === null;
  const title = item.link ? (
    <Link href={item.link} onClick={onOpen} className="font-medium hover:underline focus-visible:outline-2 focus-visible:outline-accent">
      {item.title}
    </Link>
  ) : (
    <span className="font-medium">{item.title}</span>
  );
  return (
    <li className={`flex gap-3 border-b border-line px-3 py-2.5 last:border-b-0 ${unread ? "bg-accent/5" : ""}`} data-testid="notification-item" data-unread={unread}>
      <span aria-hidden className={`mt-1.5 size-2 shrink-0 rounded-full ${unread ? "bg-accent" : "bg-transparent"}`} />
      <div className="min-w-0 flex-1 text-sm">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
          <span className={`rounded border px-1.5 text-[11px] uppercase tracking-wide ${SEVERITY_STYLE[item.severity]}`}>{item.severity}</span>
          {title}
        </div>
        <p className="mt-0.5 line-clamp-2 break-words text-xs text-muted">{item.body}</p>
        <div className="mt-1 flex items-center gap-3 text-xs text-muted">
          <time dateTime={item.createdAt} title={formatTimestamp(item.createdAt)}>
            {formatRelative(item.createdAt, nowMs)}
          </time>
          {unread ? (
            <button type="button" onClick={onMarkRead} className="underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-accent">
              Mark read<span className="sr-only">: {item.title}</span>
            </button>
          ) : (
            <span>Read</span>
          )}
        </div>
      </div>
    </li>
  );
}
