import type { Prisma } from "@/generated/prisma/client";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import { findLatestRevision, findRunForUpdate, type RunRow } from "./repo";

/**
 * The run, locked for this transaction, and only if it can still change: a signed revision is
 * read-only (409), and so is any revision that a newer one replaced.
 */
export async function lockEditableRun(tx: Prisma.TransactionClient, runId: string): Promise<RunRow> {
  const run = await lockRun(tx, runId);
  if (run.status === "signed") {
    throw new ConflictError(`${run.kind} revision ${run.revision} was signed by ${run.signedByEmail ?? "a manager"} at ${run.signedAt?.toISOString() ?? "?"} and is read-only; re-open it to change it`);
  }
  return run;
}

export async function lockRun(tx: Prisma.TransactionClient, runId: string): Promise<RunRow> {
  const run = await findRunForUpdate(tx, runId);
  if (!run) throw new NotFoundError(`no checklist run ${runId}`);
  const latest = await findLatestRevision(tx, run.eventId, run.kind);
  if (latest !== run.revision) throw new ConflictError(`${run.kind} revision ${run.revision} was replaced by revision ${latest}; change that one`);
  return run;
}
