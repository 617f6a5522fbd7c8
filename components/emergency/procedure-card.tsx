"use client";

import { useState } from "react";
import { useStepUp } from "@/components/auth/step-up-dialog";
import type { ProcedureId } from "@/lib/emergency/procedure";
import type { ProcedureListOutput } from "@/lib/emergency/schemas";
import { ConfirmDialog } from "./confirm-dialog";
import { DEFAULT_INPUTS, ProcedureInputs, toRequestInput, type ProcedureInput } from "./procedure-inputs";
import { usePreview, useRun, useStartRun } from "./queries";
import { ChangeList, RunStatus, RunStatusBadge } from "./run-status";

type ProcedureSummary = ProcedureListOutput["procedures"][number];

function disabledReason(canRun: boolean, procedure: ProcedureSummary): string | null {
  if (!canRun) return "only SREs and admins can run emergency procedures";
  if (procedure.activeRun) return `a run is already ${procedure.activeRun.status.replace("_", " ")}; one at a time`;
  return null;
}

/** One procedure: its runbook beside the controls; preview → confirm → password → live status → result. */
export function ProcedureCard({ procedure, canRun, replicas }: { procedure: ProcedureSummary; canRun: boolean; replicas: string[] }) {
  const id = procedure.id as ProcedureId;
  const [values, setValues] = useState<ProcedureInput>(DEFAULT_INPUTS[id]);
  const [confirming, setConfirming] = useState<{ idempotencyKey: string } | null>(null);
  const [watchedRunId, setWatchedRunId] = useState<string | null>(null);
  const preview = usePreview(id);
  const start = useStartRun(id);
  const { ensureRecentPassword } = useStepUp();
  const watched = useRun(watchedRunId ?? procedure.activeRun?.id ?? null);
  const shownRun = watched.data ?? procedure.activeRun ?? procedure.lastRun;
  const blocked = disabledReason(canRun, procedure);
  const input = toRequestInput(id, values);
  const previewBlocked = preview.data && preview.data.blockers.length > 0;

  async function confirm({ typed, dataLossAcknowledged }: { typed: string; dataLossAcknowledged: boolean }) {
    if (!confirming || !(await ensureRecentPassword())) return;
    const run = await start.mutateAsync({ input, confirmation: typed, idempotencyKey: confirming.idempotencyKey, dataLossAcknowledged }).catch(() => null);
    if (!run) return;
    setWatchedRunId(run.id);
    setConfirming(null);
    preview.reset();
  }

  return (
    <article className="grid gap-5 md:grid-cols-[1fr_1.2fr] rounded-lg border border-danger/40 bg-panel p-4" aria-labelledby={`procedure-${id}`} data-testid={`procedure-${id}`}>
      <div>
        <h3 id={`procedure-${id}`} className="text-sm font-semibold">
          {procedure.name}
        </h3>
        <p className="mt-1 text-sm text-muted">{procedure.description}</p>
        <p className="mt-2 text-xs">
          <span className="font-medium">Now: </span>
          {procedure.currentState ?? "unknown"}
        </p>
        <h4 className="mt-3 text-xs font-semibold uppercase tracking-wide text-muted">Runbook</h4>
        <ol className="mt-1 list-decimal space-y-1 pl-5 text-sm">
          {procedure.runbook.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
        <p className="mt-3 text-xs text-muted">
          {`SRE or admin${procedure.requiresSecondApproval ? "; a second SRE or admin must approve" : ""}${procedure.requiresDataLossAcknowledgement ? "; can lose acknowledged writes" : ""}.`}
        </p>
      </div>
      <div className="space-y-3">
        <ProcedureInputs procedure={id} values={values} replicas={replicas} disabled={blocked !== null} onChange={(next) => { setValues(next); preview.reset(); }} />
        <div className="flex items-center gap-2">
          <button type="button" disabled={blocked !== null || preview.isPending} onClick={() => preview.mutate(input)} className="rounded-md border border-line px-3 py-1.5 text-sm disabled:opacity-50">
            {preview.isPending ? "Previewing…" : "Preview (dry run)"}
          </button>
          <button
            type="button"
            disabled={blocked !== null || !preview.data || Boolean(previewBlocked)}
            title={blocked ?? (!preview.data ? "preview first: see exactly what will change" : previewBlocked ? "the preview lists why it cannot run now" : undefined)}
            onClick={() => setConfirming({ idempotencyKey: crypto.randomUUID() })}
            className="rounded-md bg-danger px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
          >
            Run…
          </button>
        </div>
        {blocked ? <p className="text-xs text-muted">{blocked}</p> : null}
        {preview.error ? (
          <p role="alert" className="text-sm text-danger">
            {preview.error.message}
          </p>
        ) : null}
        {preview.data ? (
          <div className="space-y-2 rounded-md border border-line p-3" data-testid="procedure-preview">
            <p className="text-sm">{preview.data.summary}</p>
            <ChangeList changes={preview.data.changes} />
            {preview.data.estimatedSeconds !== null ? <p className="text-xs text-muted">{`Takes about ${preview.data.estimatedSeconds} s.`}</p> : null}
            {preview.data.warnings.map((warning) => (
              <p key={warning} className="text-sm text-ink">{`⚠ ${warning}`}</p>
            ))}
            {preview.data.blockers.map((blocker) => (
              <p key={blocker} role="alert" className="text-sm text-danger">{`Cannot run: ${blocker}`}</p>
            ))}
          </div>
        ) : null}
        {shownRun ? (
          <div>
            <p className="mb-1 flex items-center gap-2 text-xs text-muted">
              {shownRun === procedure.lastRun && !watched.data ? "Last run" : "This run"}
              <RunStatusBadge status={shownRun.status} />
              <time dateTime={shownRun.createdAt} title={shownRun.createdAt}>
                {new Date(shownRun.createdAt).toLocaleString()}
              </time>
            </p>
            <RunStatus run={shownRun} />
          </div>
        ) : null}
      </div>
      <ConfirmDialog
        open={confirming !== null}
        name={procedure.name}
        requiresDataLossAcknowledgement={procedure.requiresDataLossAcknowledgement}
        pending={start.isPending}
        error={start.error?.message ?? null}
        onConfirm={(confirmation) => void confirm(confirmation)}
        onCancel={() => {
          setConfirming(null);
          start.reset();
        }}
      />
    </article>
  );
}
