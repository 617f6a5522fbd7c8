"use client";

import { useStepUp } from "@/components/auth/step-up-dialog";
import { Panel } from "@/components/ops/panel";
import type { ProcedureRunOutput } from "@/lib/emergency/schemas";
import { useRunDecision } from "./queries";
import { ChangeList } from "./run-status";

/** Runs waiting for a second SRE/admin: the requester sees their own run but cannot approve it. */
export function ApprovalQueue({ runs, canRun, viewerUserId, isLoading, error }: { runs: ProcedureRunOutput[]; canRun: boolean; viewerUserId: string; isLoading: boolean; error: string | null }) {
  const decision = useRunDecision();
  const { ensureRecentPassword } = useStepUp();

  async function approve(runId: string) {
    if (await ensureRecentPassword()) decision.mutate({ runId, decision: "approve" });
  }

  return (
    <Panel title="Approval queue" subtitle="two-person rule" isLoading={isLoading} error={error} isEmpty={runs.length === 0} emptyText="No run is waiting for approval. Procedures that need a second person appear here once requested." minHeight={140}>
      <ul className="divide-y divide-line">
        {runs.map((run) => {
          const isOwn = run.requestedBy.userId === viewerUserId;
          const why = !canRun ? "only SREs and admins can approve" : isOwn ? "you requested it; another SRE or admin must approve" : undefined;
          return (
            <li key={run.id} className="flex items-start justify-between gap-4 py-3" data-testid="pending-approval">
              <div className="space-y-1">
                <p className="text-sm font-medium">{`${run.procedureName}, requested by ${run.requestedBy.email}`}</p>
                <p className="text-xs text-muted">
                  <time dateTime={run.createdAt} title={run.createdAt}>{new Date(run.createdAt).toLocaleString()}</time>
                  {run.dataLossAcknowledged ? " · data loss acknowledged by the requester" : ""}
                </p>
                <ChangeList changes={run.preview.changes} limit={6} />
              </div>
              <div className="flex shrink-0 flex-col items-end gap-1">
                <div className="flex gap-2">
                  <button type="button" disabled={Boolean(why) || decision.isPending} title={why} onClick={() => void approve(run.id)} className="rounded-md bg-danger px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50">
                    Approve and run
                  </button>
                  <button type="button" disabled={!canRun || decision.isPending} onClick={() => decision.mutate({ runId: run.id, decision: "cancel" })} className="rounded-md border border-line px-3 py-1.5 text-sm disabled:opacity-50">
                    Cancel
                  </button>
                </div>
                <p className="text-xs text-muted">{why ?? "may ask for your password"}</p>
              </div>
            </li>
          );
        })}
      </ul>
      {decision.error ? (
        <p role="alert" className="text-sm text-danger">
          {decision.error.message}
        </p>
      ) : null}
    </Panel>
  );
}
