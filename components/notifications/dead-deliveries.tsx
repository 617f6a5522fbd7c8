"use client";

import { formatRelative, formatTimestamp } from "@/components/workflows/format";
import { useNow } from "@/components/workflows/use-now";
import { useDeadDeliveries, useRetryDelivery } from "./queries";

/** Deliveries that failed every attempt, newest first; each can be queued again once the receiver is fixed. */
export function DeadDeliveries() {
  const dead = useDeadDeliveries();
  const retry = useRetryDelivery();
  const nowMs = useNow();
  const items = dead.data?.pages.flatMap((page) => page.items) ?? [];

  if (dead.isPending) return <div aria-label="Loading dead letters" className="h-16 animate-pulse rounded-md bg-surface" />;
  if (dead.isError) {
    return (
      <div role="alert" className="space-y-2 text-sm">
        <p className="text-danger">Dead letters could not be loaded: {dead.error.message}</p>
        <button type="button" onClick={() => dead.refetch()} className="rounded-md border border-line px-2 py-1 text-xs">
          Retry
        </button>
      </div>
    );
  }
  if (items.length === 0) return <p className="text-sm text-muted">No dead letters. A delivery lands here when its receiver failed every attempt (8, over about 11 minutes).</p>;
  return (
    <div className="space-y-2">
      <div className="overflow-x-auto">
        <table className="w-full min-w-[40rem] text-left text-sm">
          <thead className="sticky top-0 bg-panel text-xs text-muted">
            <tr>
              <th className="py-2 pr-3 font-medium">Webhook</th>
              <th className="py-2 pr-3 font-medium">Event</th>
              <th className="py-2 pr-3 text-right font-medium">Attempts</th>
              <th className="py-2 pr-3 font-medium">Last error</th>
              <th className="py-2 pr-3 font-medium">Gave up</th>
              <th className="py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} className="border-t border-line align-top" data-testid="dead-delivery">
                <td className="py-2 pr-3">{item.webhook.name}</td>
                <td className="py-2 pr-3">{item.title}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{item.attempts}</td>
                <td className="py-2 pr-3 text-xs text-muted">{item.lastError ?? "—"}</td>
                <td className="py-2 pr-3 text-xs text-muted">
                  <time dateTime={item.finishedAt ?? item.createdAt} title={formatTimestamp(item.finishedAt ?? item.createdAt)}>
                    {formatRelative(item.finishedAt ?? item.createdAt, nowMs)}
                  </time>
                </td>
                <td className="py-2 text-right">
                  <button type="button" disabled={retry.isPending} onClick={() => retry.mutate(item.id)} className="rounded-md border border-line px-2 py-1 text-xs disabled:opacity-60">
                    Retry
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {retry.error ? <p role="alert" className="text-xs text-danger">Could not retry: {retry.error.message}</p> : null}
      {dead.hasNextPage ? (
        <button type="button" disabled={dead.isFetchingNextPage} onClick={() => dead.fetchNextPage()} className="rounded-md border border-line px-3 py-1 text-xs disabled:opacity-60">
          {dead.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      ) : null}
    </div>
  );
}
