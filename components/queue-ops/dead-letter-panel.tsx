"use client";

import { Fragment, useState } from "react";
import { formatRelative, formatTimestamp } from "@/components/workflows/format";
import { useNow } from "@/components/workflows/use-now";
import { ProblemError } from "@/components/workflows/api";
import { DeadLetterDetail } from "./dead-letter-detail";
import { useDeadLetters, usePreviewRetryAll, useRetryAll, useRetryExecution } from "./queries";

/**
 * Failed executions waiting for an operator. Retry one puts it back in the queue, resuming after
 * its last completed step; retry all first shows how many it will queue, then asks to confirm
 * that number (the server refuses if it changed meanwhile).
 */
export function DeadLetterPanel({ canAct, onDone }: { canAct: boolean; onDone: (message: string) => void }) {
  // The list itself is for SREs and admins (the API refuses managers); managers see the count above.
  const list = useDeadLetters(canAct);
  const retryOne = useRetryExecution();
  const preview = usePreviewRetryAll();
  const retryAll = useRetryAll();
  const [previewCount, setPreviewCount] = useState<number | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const now = useNow();
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const disabledReason = canAct ? null : "Only SREs and admins retry executions";

  const confirmRetryAll = (count: number) =>
    retryAll.mutate(count, {
      onSuccess: (result) => {
        setPreviewCount(null);
        onDone(`Queued ${result.retried} dead-lettered execution${result.retried === 1 ? "" : "s"} again.`);
      },
      onError: (error) => {
        // 409: the number changed since the preview; show the new one to confirm instead.
        if (error instanceof ProblemError && error.status === 409) preview.mutate(undefined, { onSuccess: (result) => setPreviewCount(result.count) });
      },
    });

  return (
    <section className="rounded-lg border border-danger/40 bg-panel p-4" aria-label="Dead letters">
      <header className="mb-3 flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 className="text-sm font-semibold">Dead letters</h2>
          <p className="max-w-2xl text-xs text-muted">
            Executions that failed after their retries, newest first. Retrying queues them again; each resumes after its last completed step. Use it once the cause
            (a failing endpoint, a bad deploy) is fixed. Who: SREs and admins; a retry may ask for your password, and every retry is audited.
          </p>
        </div>
        <div className="flex flex-col items-end gap-1">
          <button
            type="button"
            disabled={!canAct || preview.isPending || previewCount !== null}
            title={disabledReason ?? undefined}
            onClick={() => preview.mutate(undefined, { onSuccess: (result) => setPreviewCount(result.count) })}
            className="rounded-md border border-danger px-3 py-1 text-sm text-danger disabled:opacity-50"
          >
            {preview.isPending ? "Counting…" : "Retry all…"}
          </button>
          {disabledReason ? <span className="text-xs text-muted">{disabledReason}</span> : null}
        </div>
      </header>
      {previewCount !== null ? (
        <div className="mb-3 rounded-md border border-danger/40 p-3 text-sm" role="alertdialog" aria-label="Confirm retry all" data-testid="retry-all-preview">
          {previewCount === 0 ? (
            <p>Nothing to retry: the dead-letter queue is empty.</p>
          ) : (
            <p>
              This queues <strong className="tabular-nums">{previewCount}</strong> failed execution{previewCount === 1 ? "" : "s"} again, across every tenant. They compete with new
              work for the run slots.
            </p>
          )}
          <div className="mt-2 flex gap-2">
            {previewCount > 0 ? (
              <button type="button" disabled={retryAll.isPending} onClick={() => confirmRetryAll(previewCount)} className="rounded-md bg-danger px-3 py-1 text-accent-ink disabled:opacity-50">
                {retryAll.isPending ? "Retrying…" : `Retry ${previewCount}`}
              </button>
            ) : null}
            <button type="button" onClick={() => setPreviewCount(null)} className="rounded-md border border-line px-3 py-1">
              {previewCount > 0 ? "Cancel" : "Close"}
            </button>
          </div>
          {retryAll.error ? (
            <p role="alert" className="mt-2 text-danger">
              {retryAll.error instanceof ProblemError && retryAll.error.status === 409 ? "The number changed since the preview; check the new count above." : retryAll.error.message}
            </p>
          ) : null}
        </div>
      ) : null}
      {preview.error ? (
        <p role="alert" className="mb-2 text-sm text-danger">
          {preview.error.message}
        </p>
      ) : null}
      {retryOne.error ? (
        <p role="alert" className="mb-2 text-sm text-danger">
          {retryOne.error.message}
        </p>
      ) : null}
      {!canAct ? (
        <p className="py-4 text-sm text-muted">The dead-letter list and its retries are for SREs and admins; the count is in the cards above.</p>
      ) : list.isLoading ? (
        <div className="h-24 animate-pulse rounded bg-surface" aria-busy />
      ) : list.error && items.length === 0 ? (
        <div role="alert" className="flex items-center gap-3 text-sm text-danger">
          <p>{`Dead letters could not be loaded: ${list.error.message}`}</p>
          <button type="button" className="rounded-md border border-line px-3 py-1 text-ink" onClick={() => void list.refetch()}>
            Retry loading
          </button>
        </div>
      ) : items.length === 0 ? (
        <p className="py-4 text-sm text-muted">No dead letters. Executions land here when a step keeps failing after its retries.</p>
      ) : (
        <div className="max-h-[420px] overflow-auto">
          <table className="w-full text-sm">
            <thead className="sticky top-0 bg-panel text-left text-xs text-muted">
              <tr>
                <th className="py-1.5 font-medium">Failed</th>
                <th className="py-1.5 font-medium">Tenant</th>
                <th className="py-1.5 font-medium">Workflow</th>
                <th className="py-1.5 font-medium">Step</th>
                <th className="py-1.5 font-medium">Error</th>
                <th className="py-1.5 text-right font-medium">Runs</th>
                <th className="py-1.5">
                  <span className="sr-only">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <Fragment key={item.id}>
                  <tr className="border-t border-line align-top" data-testid="dead-letter-row">
                    <td className="py-1.5 whitespace-nowrap" title={formatTimestamp(item.finishedAt)}>
                      {formatRelative(item.finishedAt, now)}
                    </td>
                    <td className="py-1.5">{item.tenantName}</td>
                    <td className="py-1.5">{item.workflowName}</td>
                    <td className="py-1.5 font-mono text-xs">{item.failedStepId ?? "—"}</td>
                    <td className="max-w-xs truncate py-1.5 text-xs text-danger" title={item.error ?? undefined}>
                      {item.error ?? "—"}
                    </td>
                    <td className="py-1.5 text-right tabular-nums">{item.attempts}</td>
                    <td className="py-1.5 text-right whitespace-nowrap">
                      <button
                        type="button"
                        onClick={() => setOpenId(openId === item.id ? null : item.id)}
                        aria-expanded={openId === item.id}
                        aria-controls={`dead-letter-${item.id}`}
                        className="mr-1 rounded-md border border-line px-2 py-0.5 text-xs"
                        aria-label={`Details of execution ${item.id}`}
                      >
                        {openId === item.id ? "Hide" : "Details"}
                      </button>
                      <button
                        type="button"
                        disabled={!canAct || (retryOne.isPending && retryOne.variables === item.id)}
                        title={disabledReason ?? undefined}
                        onClick={() => retryOne.mutate(item.id, { onSuccess: () => onDone(`Queued ${item.workflowName} (${item.tenantName}) again.`) })}
                        className="rounded-md border border-line px-2 py-0.5 text-xs disabled:opacity-50"
                        aria-label={`Retry execution ${item.id}`}
                      >
                        Retry
                      </button>
                    </td>
                  </tr>
                  {openId === item.id ? (
                    <tr id={`dead-letter-${item.id}`} className="border-t border-line">
                      <td colSpan={7} className="py-3">
                        <DeadLetterDetail id={item.id} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.hasNextPage ? (
        <button type="button" className="mt-3 rounded-md border border-line px-3 py-1 text-sm" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {list.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      ) : null}
    </section>
  );
}
