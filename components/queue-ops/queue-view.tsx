"use client";

import { useCallback, useState } from "react";
import { LiveStatus } from "@/components/ops/live-status";
import { formatValue } from "@/components/ops/format";
import { useSignals } from "@/components/ops/queries";
import { SignalPanel } from "@/components/ops/signal-panel";
import { TimeRangePicker, useTimeRange } from "@/components/ops/time-range";
import { Toast } from "@/components/scaling/toast";
import { useNow } from "@/components/workflows/use-now";
import { formatRelative } from "@/components/workflows/format";
import type { PlatformRole } from "@/lib/auth/roles";
import { hasPlatformRole } from "@/lib/auth/roles";
import type { WorkflowOpsSummaryOutput } from "@/lib/workflows/schemas";
import { DeadLetterPanel } from "./dead-letter-panel";
import { useQueueSummary } from "./queries";
import { TenantQueuePanel } from "./tenant-queue-panel";

const QUEUE_SIGNALS = ["queue_depth", "workflow_oldest_waiting_seconds", "workflow_running", "workflow_running_limit", "workflow_throughput", "workflow_failure_rate", "workflow_retry_rate"];

const CHARTS: { title: string; signals: string[] }[] = [
  { title: "Queue depth", signals: ["queue_depth"] },
  { title: "Oldest waiting execution", signals: ["workflow_oldest_waiting_seconds"] },
  { title: "Running vs limit", signals: ["workflow_running", "workflow_running_limit"] },
  { title: "Finished and failed per second", signals: ["workflow_throughput", "workflow_failure_rate"] },
  { title: "Step retries per second", signals: ["workflow_retry_rate"] },
];

/** The workflow queue at a glance: current figures from the database, history from the sampler or Prometheus. */
export function QueueView({ role }: { role: PlatformRole }) {
  const range = useTimeRange();
  const summary = useQueueSummary();
  const history = useSignals(range, QUEUE_SIGNALS);
  const [toast, setToast] = useState<string | null>(null);
  const closeToast = useCallback(() => setToast(null), []);
  const summaryError = summary.error ? summary.error.message : null;
  const historyError = history.error ? history.error.message : null;
  return (
    <section className="space-y-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Queue &amp; workflows</h1>
          <LiveStatus updatedAt={summary.dataUpdatedAt} error={summaryError} />
        </div>
        <TimeRangePicker />
      </header>
      {summaryError && !summary.data ? (
        <div role="alert" className="flex items-center justify-between rounded-lg border border-danger/40 bg-panel p-4 text-sm">
          <p className="text-danger">{`The queue summary could not be loaded: ${summaryError}`}</p>
          <button type="button" className="rounded-md border border-line px-3 py-1" onClick={() => void summary.refetch()}>
            Retry
          </button>
        </div>
      ) : null}
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-7" aria-busy={summary.isLoading}>
        {summary.data ? <SummaryCards summary={summary.data} /> : Array.from({ length: 7 }, (_, index) => <div key={index} className="h-[96px] animate-pulse rounded-lg border border-line bg-panel" />)}
      </div>
      <TenantQueuePanel canAct={hasPlatformRole(role, ["sre"])} onDone={setToast} />
      <div className="grid gap-4 lg:grid-cols-2">
        {CHARTS.map((chart) => (
          <SignalPanel key={chart.title} title={chart.title} signals={chart.signals} data={history.data} isLoading={history.isLoading} error={historyError} onRetry={() => void history.refetch()} />
        ))}
        <WorkersPanel summary={summary.data} />
      </div>
      <DeadLetterPanel canAct={hasPlatformRole(role, ["sre"])} onDone={setToast} />
      {history.data ? <p className="text-xs text-muted">History source: {history.data.source === "prometheus" ? "Prometheus" : "embedded sampler (Postgres)"} · one point per {history.data.stepSeconds} s</p> : null}
      <Toast message={toast} onClose={closeToast} />
    </section>
  );
}

type Card = { label: string; value: string; detail: string; state: "ok" | "warning" | "critical"; testId: string };

function SummaryCards({ summary }: { summary: WorkflowOpsSummaryOutput }) {
  const { last5m, last1h } = summary.windows;
  const depthRatio = summary.depth / summary.depthLimit;
  const runningRatio = summary.running / summary.runningLimit;
  const cards: Card[] = [
    { label: "Waiting", value: `${summary.depth}`, detail: `of ${summary.depthLimit.toLocaleString()} before 503`, state: depthRatio >= 1 ? "critical" : depthRatio >= 0.8 ? "warning" : "ok", testId: "depth" },
    {
      label: "Oldest waiting",
      value: formatValue("seconds", summary.oldestWaitingAgeSeconds),
      detail: summary.oldestWaitingAgeSeconds === null ? "nothing waits" : "since it was queued",
      state: "ok",
      testId: "oldest",
    },
    { label: "Running", value: `${summary.running} / ${summary.runningLimit}`, detail: "run slots across workers", state: runningRatio >= 1 ? "warning" : "ok", testId: "running" },
    { label: "Finished, 5 min", value: `${last5m.succeeded + last5m.failed}`, detail: `${(last5m.throughputPerSecond * 60).toFixed(1)} /min · ${last1h.succeeded + last1h.failed} in 1 h`, state: "ok", testId: "throughput" },
    { label: "Failed, 5 min", value: `${last5m.failed}`, detail: `${last1h.failed} in 1 h`, state: last5m.failed > 0 ? "warning" : "ok", testId: "failures" },
    { label: "Retries, 5 min", value: `${last5m.retries}`, detail: `${last1h.retries} in 1 h`, state: "ok", testId: "retries" },
    { label: "Dead letters", value: `${summary.deadLetterCount}`, detail: "failed, awaiting retry", state: summary.deadLetterCount > 0 ? "warning" : "ok", testId: "dead-letters" },
  ];
  return cards.map((card) => (
    <article key={card.testId} className="flex flex-col gap-1 rounded-lg border border-line bg-panel p-3" aria-label={card.label} data-testid={`queue-${card.testId}`}>
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-xs font-medium text-muted">{card.label}</h2>
        {card.state === "ok" ? null : <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${card.state === "critical" ? "bg-danger/15 text-danger" : "bg-warn/20 text-ink"}`}>{card.state === "critical" ? "Critical" : "Warning"}</span>}
      </div>
      <p className="text-xl font-semibold tabular-nums" data-testid="stat-value">
        {card.value}
      </p>
      <p className="text-xs text-muted">{card.detail}</p>
    </article>
  ));
}

function WorkersPanel({ summary }: { summary: WorkflowOpsSummaryOutput | undefined }) {
  const now = useNow();
  return (
    <section className="rounded-lg border border-line bg-panel p-4" style={{ minHeight: 260 }} aria-label="Workers">
      <h2 className="mb-2 text-sm font-semibold">Workers</h2>
      {!summary ? (
        <div className="h-48 animate-pulse rounded bg-surface" />
      ) : summary.workers.length === 0 ? (
        <p className="flex h-48 items-center justify-center text-center text-sm text-muted">No worker has reported. Workers run inside each app instance (embedded mode) or as `npm run worker`.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="text-left text-xs text-muted">
              <tr>
                <th className="py-1 font-medium">Worker</th>
                <th className="py-1 text-right font-medium">Running</th>
                <th className="py-1 text-right font-medium">Concurrency</th>
                <th className="py-1 text-right font-medium">Seen</th>
              </tr>
            </thead>
            <tbody>
              {summary.workers.map((worker) => (
                <tr key={worker.id} className="border-t border-line">
                  <td className="py-1.5">{`${worker.host} · pid ${worker.pid}`}</td>
                  <td className="py-1.5 text-right tabular-nums">{worker.running}</td>
                  <td className="py-1.5 text-right tabular-nums">{worker.concurrency}</td>
                  <td className="py-1.5 text-right" title={new Date(worker.lastSeenAt).toLocaleString()}>
                    {formatRelative(worker.lastSeenAt, now)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
