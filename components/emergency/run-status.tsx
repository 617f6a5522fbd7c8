"use client";

import type { ProcedureChange } from "@/lib/emergency/procedure";
import type { ProcedureRunOutput, RunStatus } from "@/lib/emergency/schemas";

const STATUS: Record<RunStatus, { label: string; className: string }> = {
  requested: { label: "Starting", className: "bg-warn/20 text-ink" },
  awaiting_approval: { label: "Awaiting approval", className: "bg-warn/20 text-ink" },
  running: { label: "Running", className: "bg-accent/15 text-accent" },
  succeeded: { label: "Succeeded", className: "bg-ok/15 text-ok" },
  failed: { label: "Failed", className: "bg-danger/15 text-danger" },
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const style = STATUS[status];
  return <span className={`inline-flex rounded px-1.5 py-0.5 text-xs font-medium ${style.className}`}>{style.label}</span>;
}

export function ChangeList({ changes, limit = 12 }: { changes: ProcedureChange[]; limit?: number }) {
  const shown = changes.slice(0, limit);
  return (
    <ul className="space-y-0.5 text-sm">
      {shown.map((change, index) => (
        <li key={`${change.label}-${index}`} className="flex flex-wrap gap-x-2">
          <span className="font-medium">{change.label}</span>
          <span className="text-muted">{change.from}</span>
          <span aria-label="becomes">→</span>
          <span>{change.to}</span>
        </li>
      ))}
      {changes.length > shown.length ? <li className="text-muted">{`… and ${changes.length - shown.length} more`}</li> : null}
    </ul>
  );
}

/** A run's live status: who asked (and approved), the progress, then the result or the error. */
export function RunStatus({ run }: { run: ProcedureRunOutput }) {
  const percent = run.progress?.total ? Math.round((run.progress.done / run.progress.total) * 100) : null;
  return (
    <div className="space-y-2 rounded-md border border-line bg-surface p-3" data-testid="run-status" aria-live="polite">
      <div className="flex items-center justify-between gap-2">
        <RunStatusBadge status={run.status} />
        <span className="text-xs text-muted">{`requested by ${run.requestedBy.email}${run.approvedBy ? `, approved by ${run.approvedBy.email}` : ""}`}</span>
      </div>
      {run.status === "awaiting_approval" ? <p className="text-sm">A second SRE or admin must approve this run in the approval queue below.</p> : null}
      {run.progress ? (
        <div>
          <div className="h-2 overflow-hidden rounded bg-line" role="progressbar" aria-valuemin={0} aria-valuemax={run.progress.total ?? undefined} aria-valuenow={run.progress.done}>
            <div className="h-full bg-accent transition-[width]" style={{ width: `${percent ?? 100}%` }} />
          </div>
          <p className="mt-1 text-xs text-muted">{`${run.progress.message} (${run.progress.done}${run.progress.total ? ` of ${run.progress.total}` : ""})`}</p>
        </div>
      ) : null}
      {run.outcome ? (
        <div>
          <p className="text-sm font-medium">What changed</p>
          <ChangeList changes={run.outcome.changes} />
        </div>
      ) : null}
      {run.error ? (
        <p role="alert" className="text-sm text-danger">
          {run.error}
        </p>
      ) : null}
      <p className="text-xs text-muted">{`Audited as procedure_run:${run.id}`}</p>
    </div>
  );
}
