"use client";

import Link from "next/link";
import { useState } from "react";
import { EXECUTION_STATUSES, type ExecutionStatus } from "@/lib/workflows/schemas";
import { formatDurationMs, formatRelative, formatTimestamp } from "./format";
import { useExecutions } from "./queries";
import { RUN_STATUS_STYLE } from "./run-status";
import { StatusBadge } from "./status-badge";
import { useNow } from "./use-now";

/** The tenant's executions, newest first, filtered by status, with cursor "load more". */
export function ExecutionsTable() {
  const [status, setStatus] = useState<ExecutionStatus | "all">("all");
  const query = useExecutions(status);
  const now = useNow();
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="rounded-lg border border-line bg-panel p-4" aria-label="Executions">
      <header className="mb-3 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 className="text-sm font-semibold">Executions</h2>
          <p className="text-xs text-muted">Newest first · refreshes every 5 s</p>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <span className="text-muted">Status</span>
          <select className="rounded-md border border-line bg-panel px-2 py-1" value={status} onChange={(event) => setStatus(event.target.value as ExecutionStatus | "all")} aria-label="Filter by status">
            <option value="all">All</option>
            {EXECUTION_STATUSES.map((value) => (
              <option key={value} value={value}>
                {RUN_STATUS_STYLE[value].label}
              </option>
            ))}
          </select>
        </label>
      </header>
      {query.error && items.length === 0 ? (
        <div role="alert" className="flex items-center gap-3 py-6 text-sm text-danger">
          <p>{`Executions could not be loaded: ${query.error.message}`}</p>
          <button type="button" className="rounded-md border border-line px-3 py-1 text-ink" onClick={() => void query.refetch()}>
            Retry
          </button>
        </div>
      ) : (
        <div className="max-h-[480px] overflow-auto">
          <table className="w-full text-sm" aria-busy={query.isLoading}>
            <thead className="sticky top-0 bg-panel text-left text-xs text-muted">
              <tr>
                <th className="py-1.5 font-medium">Status</th>
                <th className="py-1.5 font-medium">Workflow</th>
                <th className="py-1.5 font-medium">Created</th>
                <th className="py-1.5 text-right font-medium">Duration</th>
                <th className="py-1.5 text-right font-medium">Attempts</th>
                <th className="py-1.5 font-medium">
                  <span className="sr-only">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {query.isLoading
                ? Array.from({ length: 5 }, (_, index) => (
                    <tr key={index} className="border-t border-line">
                      <td colSpan={6} className="py-2">
                        <div className="h-5 animate-pulse rounded bg-surface" />
                      </td>
                    </tr>
                  ))
                : items.map((execution) => (
                    <tr key={execution.id} className="border-t border-line" data-testid="execution-row" data-execution-id={execution.id}>
                      <td className="py-1.5">
                        <StatusBadge status={execution.status} />
                        {execution.cancelRequested && !["cancelled", "succeeded", "failed"].includes(execution.status) ? <span className="ml-1 text-xs text-muted">cancelling</span> : null}
                      </td>
                      <td className="py-1.5">{execution.workflowName}</td>
                      <td className="py-1.5" title={formatTimestamp(execution.createdAt)}>
                        {formatRelative(execution.createdAt, now)}
                      </td>
                      <td className="py-1.5 text-right tabular-nums">{formatDurationMs(execution.durationMs)}</td>
                      <td className="py-1.5 text-right tabular-nums">{execution.attempts}</td>
                      <td className="py-1.5 text-right">
                        <Link href={`/app/workflows/executions/${execution.id}`} className="text-accent underline">
                          Timeline
                        </Link>
                      </td>
                    </tr>
                  ))}
            </tbody>
          </table>
          {!query.isLoading && items.length === 0 ? (
            <p className="py-6 text-center text-sm text-muted">
              {status === "all" ? "No executions yet. Press Run on a workflow above; its execution appears here within seconds." : `No ${RUN_STATUS_STYLE[status].label.toLowerCase()} executions.`}
            </p>
          ) : null}
        </div>
      )}
      {query.hasNextPage ? (
        <button type="button" className="mt-3 rounded-md border border-line px-3 py-1 text-sm disabled:opacity-50" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {query.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      ) : null}
    </section>
  );
}
