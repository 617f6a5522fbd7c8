import type { ProcedureRunOutput } from "./schemas";
import type { RunRow } from "./run-repo";
import { findProcedure } from "./registry";
import type { ProcedureId, ProcedureOutcome, ProcedurePreview, ProcedureProgress } from "./procedure";

/** A run row as the API shows it; columns such as the idempotency key stay inside. */
export function toRunOutput(row: RunRow): ProcedureRunOutput {
  const procedure = findProcedure(row.procedure);
  return {
    id: row.id,
    procedure: row.procedure as ProcedureId,
    procedureName: procedure?.name ?? row.procedure,
    status: row.status,
    input: row.input,
    preview: row.preview as ProcedurePreview,
    requestedBy: { userId: row.requestedByUserId, email: row.requestedByEmail },
    approvedBy: row.approvedByUserId && row.approvedByEmail ? { userId: row.approvedByUserId, email: row.approvedByEmail } : null,
    requiresSecondApproval: procedure?.requiresSecondApproval ?? false,
    dataLossAcknowledged: row.dataLossAcknowledged,
    progress: (row.progress ?? null) as ProcedureProgress | null,
    outcome: (row.outcome ?? null) as ProcedureOutcome | null,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    approvedAt: row.approvedAt?.toISOString() ?? null,
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}
