"use client";

import Link from "next/link";
import type { ExecutionDetailOutput, ExecutionEventType } from "@/lib/workflows/schemas";
import { formatDurationMs, formatRelative, formatTimestamp } from "./format";
import { useNow } from "./use-now";
import { CancelExecution } from "./cancel-execution";
import { isFinished, useExecution } from "./queries";
import { StatusBadge } from "./status-badge";

const EVENT_LABELS: Record<ExecutionEventType, string> = {
  queued: "Queued",
  started: "Started",
  resumed: "Resumed from checkpoint",
  step_started: "Step started",
  step_succeeded: "Step succeeded",
  step_failed: "Step failed",
  step_retry_scheduled: "Retry scheduled",
  checkpoint: "Checkpoint",
  cancel_requested: "Cancel requested",
  cancelled: "Cancelled",
  succeeded: "Succeeded",
  failed: "Failed",
  timed_out: "Timed out",
  retried_by_operator: "Retried by an operator",
};

const BAD_EVENTS = new Set<ExecutionEventType>(["step_failed", "failed", "timed_out"]);

/** One execution: its steps (attempts, retries, checkpoints, timings, output, error) and events, live until it ends. */
export function ExecutionTimeline({ id }: { id: string }) {
  const query = useExecution(id);
  const execution = query.data;
  if (query.isLoading) {
    return (
      <section className="space-y-3" aria-busy>
        <div className="h-8 w-64 animate-pulse rounded bg-panel" />
        <div className="h-28 animate-pulse rounded-lg border border-line bg-panel" />
        <div className="h-64 animate-pulse rounded-lg border border-line bg-panel" />
      </section>
    );
  }
  if (!execution) {
    const notFound = query.error && "status" in query.error && query.error.status === 404;
    return (
      <section className="space-y-3">
        <BackLink />
        <div role="alert" className="rounded-lg border border-danger/40 bg-panel p-4 text-sm">
          <p className="text-danger">{notFound ? "No such execution in this tenant." : `The execution could not be loaded: ${query.error?.message ?? "unknown error"}`}</p>
          {notFound ? null : (
            <button type="button" className="mt-2 rounded-md border border-line px-3 py-1" onClick={() => void query.refetch()}>
              Retry
            </button>
          )}
        </div>
      </section>
    );
  }
  return <ExecutionDetail execution={execution} refreshError={query.error?.message ?? null} updatedAt={query.dataUpdatedAt} />;
}

function BackLink() {
  return (
    <Link href="/app/workflows" className="text-sm text-accent underline">
      ← Workflows
    </Link>
  );
}

function ExecutionDetail({ execution, refreshError, updatedAt }: { execution: ExecutionDetailOutput; refreshError: string | null; updatedAt: number }) {
  const now = useNow(1_000);
  const live = !isFinished(execution.status);
  const retries = execution.steps.reduce((total, step) => total + Math.max(0, step.attempts - 1), 0);
  const cancelDisabledReason = !live ? "The execution has ended" : execution.cancelRequested ? "Cancellation requested: it stops at the next checkpoint" : null;
  return (
    <section className="space-y-4">
      <BackLink />
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="flex items-center gap-3 text-2xl font-semibold">
            {execution.workflowName} <StatusBadge status={execution.status} />
          </h1>
          <p className="text-xs text-muted" aria-live="polite">
            {live ? `Live · updated ${formatRelative(new Date(updatedAt).toISOString(), now)}` : "Finished · not refreshing"}
            {refreshError ? <span className="text-danger">{` · refresh failed: ${refreshError}`}</span> : null}
          </p>
        </div>
        <CancelExecution executionId={execution.id} disabledReason={cancelDisabledReason} />
      </header>
      <dl className="grid grid-cols-2 gap-3 rounded-lg border border-line bg-panel p-4 text-sm md:grid-cols-4" data-testid="execution-facts">
        <Fact label="Created" value={formatRelative(execution.createdAt, now)} title={formatTimestamp(execution.createdAt)} />
        <Fact label="Started" value={formatRelative(execution.startedAt, now)} title={formatTimestamp(execution.startedAt)} />
        <Fact label="Finished" value={formatRelative(execution.finishedAt, now)} title={formatTimestamp(execution.finishedAt)} />
        <Fact label="Duration" value={formatDurationMs(execution.durationMs)} testId="execution-duration" />
        <Fact label="Runs of the execution" value={`${execution.attempts}`} />
        <Fact label="Step retries" value={`${retries}`} />
        <Fact label="Checkpoints" value={`${execution.steps.reduce((total, step) => total + step.checkpoints, 0)}`} />
        <Fact label="Deadline" value={execution.deadlineAt ? new Date(execution.deadlineAt).toLocaleTimeString() : "—"} title={formatTimestamp(execution.deadlineAt)} />
      </dl>
      {execution.error ? (
        <div role="alert" className="rounded-lg border border-danger/40 bg-panel p-4 text-sm">
          <h2 className="font-semibold text-danger">Error</h2>
          <p className="mt-1 font-mono text-xs whitespace-pre-wrap">{execution.error}</p>
        </div>
      ) : null}
      <section className="rounded-lg border border-line bg-panel p-4" aria-label="Steps">
        <h2 className="mb-3 text-sm font-semibold">Steps</h2>
        <ol className="space-y-3">
          {execution.steps.map((step, index) => (
            <li key={step.stepId} className="rounded-md border border-line p-3" data-testid="step-run" data-step-status={step.status}>
              <div className="flex flex-wrap items-center gap-3">
                <span className="text-sm font-semibold tabular-nums">{index + 1}.</span>
                <span className="font-medium">{step.stepId}</span>
                <span className="text-xs text-muted">{step.type}</span>
                <StatusBadge status={step.status} kind="step" />
                <span className="ml-auto flex gap-4 text-xs text-muted tabular-nums">
                  <span>{`${step.attempts} attempt${step.attempts === 1 ? "" : "s"}`}</span>
                  <span>{`${step.checkpoints} checkpoint${step.checkpoints === 1 ? "" : "s"}`}</span>
                  <span>{formatDurationMs(step.durationMs ?? (step.status === "running" && step.startedAt ? now - Date.parse(step.startedAt) : null))}</span>
                </span>
              </div>
              {step.error ? <p className="mt-2 font-mono text-xs text-danger whitespace-pre-wrap">{step.error}</p> : null}
              {step.output !== null && step.output !== undefined ? (
                <details className="mt-2 text-xs">
                  <summary className="cursor-pointer text-muted">Output</summary>
                  <pre className="mt-1 max-h-48 overflow-auto rounded bg-surface p-2">{JSON.stringify(step.output, null, 2)}</pre>
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
      <div className="grid gap-4 lg:grid-cols-2">
        <JsonPanel title="Input" value={execution.input} />
        <JsonPanel title="Output" value={execution.output} empty={live ? "Appears when the execution succeeds." : "No output."} />
      </div>
      <section className="rounded-lg border border-line bg-panel p-4" aria-label="Events">
        <h2 className="mb-3 text-sm font-semibold">Events{execution.eventsTruncated ? " (newest only)" : ""}</h2>
        {execution.events.length === 0 ? (
          <p className="text-sm text-muted">No events yet.</p>
        ) : (
          <ol className="relative space-y-2 border-l border-line pl-4">
            {execution.events.map((event) => (
              <li key={event.seq} className="text-sm" data-testid="execution-event" data-event-type={event.type}>
                <span className={`absolute -left-[5px] mt-1.5 inline-block size-2.5 rounded-full ${BAD_EVENTS.has(event.type) ? "bg-danger" : "bg-line"}`} aria-hidden />
                <span className="mr-2 text-xs text-muted tabular-nums" title={formatTimestamp(event.at)}>
                  {new Date(event.at).toLocaleTimeString()}
                </span>
                <span className={BAD_EVENTS.has(event.type) ? "text-danger" : ""}>{EVENT_LABELS[event.type]}</span>
                {event.stepId ? <span className="ml-1 font-medium">{event.stepId}</span> : null}
                {event.attempt !== null ? <span className="ml-1 text-xs text-muted">{`attempt ${event.attempt}`}</span> : null}
                {event.message ? <span className="ml-2 text-xs text-muted">{event.message}</span> : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </section>
  );
}

function Fact({ label, value, title, testId }: { label: string; value: string; title?: string; testId?: string }) {
  return (
    <div>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="font-medium tabular-nums" title={title} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function JsonPanel({ title, value, empty = "None." }: { title: string; value: unknown; empty?: string }) {
  return (
    <section className="rounded-lg border border-line bg-panel p-4" aria-label={title}>
      <h2 className="mb-2 text-sm font-semibold">{title}</h2>
      {value === null || value === undefined ? <p className="text-sm text-muted">{empty}</p> : <pre className="max-h-64 overflow-auto rounded bg-surface p-2 text-xs">{JSON.stringify(value, null, 2)}</pre>}
    </section>
  );
}
