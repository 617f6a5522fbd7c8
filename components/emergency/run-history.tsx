"use client";

import { Panel } from "@/components/ops/panel";
import { useRunHistory } from "./queries";
import { RunStatusBadge } from "./run-status";

export function RunHistory() {
  const history = useRunHistory();
  const runs = history.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Panel title="Run history" subtitle="newest first" isLoading={history.isLoading} error={history.error?.message ?? null} isEmpty={runs.length === 0} emptyText="No procedure has run yet. Every run appears here with who asked, who approved and what changed." onRetry={() => void history.refetch()} minHeight={140}>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead className="sticky top-0 bg-panel">
            <tr className="text-left text-xs text-muted">
              <th className="py-1 pr-3 font-medium">When</th>
              <th className="py-1 pr-3 font-medium">Procedure</th>
              <th className="py-1 pr-3 font-medium">Status</th>
              <th className="py-1 pr-3 font-medium">Requested by</th>
              <th className="py-1 pr-3 font-medium">Approved by</th>
              <th className="py-1 pr-3 font-medium">Result</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {runs.map((run) => (
              <tr key={run.id}>
                <td className="py-1.5 pr-3 whitespace-nowrap">
                  <time dateTime={run.createdAt} title={run.createdAt}>{new Date(run.createdAt).toLocaleString()}</time>
                </td>
                <td className="py-1.5 pr-3">{run.procedureName}</td>
                <td className="py-1.5 pr-3">
                  <RunStatusBadge status={run.status} />
                </td>
                <td className="py-1.5 pr-3">{run.requestedBy.email}</td>
                <td className="py-1.5 pr-3">{run.approvedBy?.email ?? "–"}</td>
                <td className="py-1.5 text-muted">{run.error ?? run.outcome?.changes.map((change) => `${change.label}: ${change.from} → ${change.to}`).join("; ") ?? run.preview.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {history.hasNextPage ? (
        <button type="button" onClick={() => void history.fetchNextPage()} disabled={history.isFetchingNextPage} className="mt-3 rounded-md border border-line px-3 py-1.5 text-sm">
          {history.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      ) : null}
    </Panel>
  );
}
