"use client";

import { useState, type FormEvent } from "react";
import { formatValue } from "@/components/ops/format";
import type { QueuePauseOutput, TenantQueueRow, TenantQueueViewOutput } from "@/lib/workflows/queue-control-schemas";
import { usePauseQueue, useTenantQueue } from "./queries";

const percent = (share: number) => `${Math.round(share * 100)} %`;
const untilText = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/** The pauses in force, said plainly at the top of the queue page. */
export function QueuePauseBanner({ view }: { view: TenantQueueViewOutput | undefined }) {
  if (!view || view.pauses.length === 0) return null;
  const names = new Map(view.tenants.map((row) => [row.tenantId, row.tenantName]));
  return (
    <div role="status" data-testid="queue-paused-banner" className="rounded-lg border border-warn bg-warn/15 px-4 py-3 text-sm">
      {view.pauses.map((pause) => (
        <p key={pause.id}>
          <span className="font-semibold">{pause.tenantId ? `${names.get(pause.tenantId) ?? "A tenant"}'s workflow runs are paused` : "The workflow queue is paused"}</span>
          {` until ${untilText(pause.expiresAt)} by ${pause.owner}: ${pause.reason}. Running steps finish; nothing new starts.`}
        </p>
      ))}
    </div>
  );
}

/** Who holds the queue: per tenant, largest share of the waiting runs first, with pause controls for sre. */
export function TenantQueuePanel({ canAct, onDone }: { canAct: boolean; onDone(message: string): void }) {
  const view = useTenantQueue();
  const change = usePauseQueue();
  const [reason, setReason] = useState("");
  const [minutes, setMinutes] = useState(60);
  const [target, setTarget] = useState<string>("");
  const data = view.data;
  const dominant = data?.tenants.find((row) => row.tenantId === data.dominantTenantId);

  function pause(event: FormEvent) {
    event.preventDefault();
    change.mutate(
      { pause: { tenantId: target === "" ? null : target, minutes, reason } },
      { onSuccess: (paused: QueuePauseOutput) => (setReason(""), onDone(paused.tenantId ? "Tenant paused" : "Queue paused")) },
    );
  }

  return (
    <section className="space-y-3 rounded-lg border border-line bg-panel p-4" aria-label="Queue by tenant">
      <QueuePauseBanner view={data} />
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-sm font-semibold">By tenant</h2>
        {data ? <p className="text-xs text-muted">{`Quotas per tenant: ${data.tenantMaxWaiting.toLocaleString()} waiting, ${data.tenantMaxRunning} running`}</p> : null}
      </div>
      {dominant ? (
        <p role="note" data-testid="dominant-tenant" className="rounded-md bg-danger/10 px-3 py-2 text-sm text-danger">
          {`${dominant.tenantName} holds ${percent(dominant.share)} of the waiting runs.`}
        </p>
      ) : null}
      {view.error && !data ? (
        <div role="alert" className="flex items-center justify-between text-sm">
          <p className="text-danger">{`The per-tenant figures could not be loaded: ${view.error.message}`}</p>
          <button type="button" className="rounded-md border border-line px-3 py-1" onClick={() => void view.refetch()}>
            Retry
          </button>
        </div>
      ) : !data ? (
        <div className="h-32 animate-pulse rounded bg-surface" aria-busy="true" />
      ) : data.tenants.length === 0 ? (
        <p className="py-6 text-center text-sm text-muted">No tenant has waiting, running or recent workflow runs.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[560px] text-sm" data-testid="tenant-queue-table">
            <thead className="text-left text-xs text-muted">
              <tr>
                <th className="py-1 font-medium">Tenant</th>
                <th className="py-1 text-right font-medium">Share</th>
                <th className="py-1 text-right font-medium">Waiting</th>
                <th className="py-1 text-right font-medium">Running</th>
                <th className="py-1 text-right font-medium">Oldest wait</th>
                <th className="py-1 text-right font-medium">Per second</th>
                <th className="py-1 text-right font-medium">Failed, 1 h</th>
                {canAct ? <th className="py-1 text-right font-medium">Runs</th> : null}
              </tr>
            </thead>
            <tbody>
              {data.tenants.map((row) => (
                <TenantRow key={row.tenantId} row={row} canAct={canAct} pauseId={data.pauses.find((pause) => pause.tenantId === row.tenantId)?.id ?? null} onResume={(id) => change.mutate({ resume: id }, { onSuccess: () => onDone("Resumed") })} busy={change.isPending} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canAct && data ? (
        <form onSubmit={pause} className="flex flex-wrap items-end gap-2 border-t border-line pt-3 text-sm" aria-label="Pause the queue">
          <label className="flex flex-col gap-1">
            <span className="text-xs text-muted">Pause</span>
            <select value={target} onChange={(event) => setTarget(event.target.value)} className="rounded-md border border-line bg-surface px-2 py-1.5">
              <option value="">The whole queue</option>
              {data.tenants.map((row) => (
                <option key={row.tenantId} value={row.tenantId}>{`${row.tenantName}'s runs`}</option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1">
            <span className="text-xs text-muted">Minutes</span>
            <input type="number" min={1} max={1440} value={minutes} onChange={(event) => setMinutes(Number(event.target.value))} className="w-24 rounded-md border border-line bg-surface px-2 py-1.5" />
          </label>
          <label className="flex min-w-[12rem] flex-1 flex-col gap-1">
            <span className="text-xs text-muted">Reason</span>
            <input value={reason} onChange={(event) => setReason(event.target.value)} required maxLength={500} className="rounded-md border border-line bg-surface px-2 py-1.5" placeholder="Why, for the audit log and the banner" />
          </label>
          <button type="submit" disabled={change.isPending || reason.trim() === ""} className="rounded-md bg-accent px-3 py-1.5 font-medium text-accent-ink disabled:opacity-60">
            Pause
          </button>
          {data.pauses.some((pause) => pause.tenantId === null) ? (
            <button type="button" className="rounded-md border border-line px-3 py-1.5" disabled={change.isPending} onClick={() => change.mutate({ resume: data.pauses.find((pause) => pause.tenantId === null)!.id }, { onSuccess: () => onDone("Resumed") })}>
              Resume the queue
            </button>
          ) : null}
          {change.error ? <p role="alert" className="w-full text-danger">{change.error.message}</p> : null}
        </form>
      ) : null}
    </section>
  );
}

function TenantRow({ row, canAct, pauseId, onResume, busy }: { row: TenantQueueRow; canAct: boolean; pauseId: string | null; onResume(id: string): void; busy: boolean }) {
  return (
    <tr className="border-t border-line">
      <td className="py-1.5">
        {row.tenantName}
        {row.paused ? <span className="ml-2 rounded bg-warn/20 px-1.5 py-0.5 text-xs">paused</span> : null}
      </td>
      <td className="py-1.5 text-right tabular-nums">{percent(row.share)}</td>
      <td className="py-1.5 text-right tabular-nums">{row.waiting.toLocaleString()}</td>
      <td className="py-1.5 text-right tabular-nums">{row.running}</td>
      <td className="py-1.5 text-right tabular-nums">{formatValue("seconds", row.oldestWaitingAgeSeconds)}</td>
      <td className="py-1.5 text-right tabular-nums">{row.throughputPerSecond.toFixed(1)}</td>
      <td className="py-1.5 text-right tabular-nums">{row.failedLastHour}</td>
      {canAct ? (
        <td className="py-1.5 text-right">
          {pauseId ? (
            <button type="button" disabled={busy} className="rounded-md border border-line px-2 py-0.5 text-xs" onClick={() => onResume(pauseId)}>
              Resume
            </button>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}
