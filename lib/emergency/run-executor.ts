import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/logging/logger";
import { processSingleton } from "@/lib/process-singleton";
import type { ProcedureOutcome, ProcedurePreview } from "./procedure";
import { findProcedure } from "./registry";
import { saveRunProgress, touchRun, transitionRun, type RunRow } from "./run-repo";

/** How often a running run proves it is alive; the sweeper fails runs silent for much longer. */
export const RUN_HEARTBEAT_MS = 5_000;

// Runs executing in this process, so shutdown can abort them and tests can wait for them.
const executing = () => processSingleton("emergency-executing-runs", () => new Map<string, { controller: AbortController; done: Promise<void> }>());

/** Resolves when the run (if this process is executing it) has finished. */
export function whenRunSettles(runId: string): Promise<void> {
  return executing().get(runId)?.done ?? Promise.resolve();
}

const settledWithin = (work: Promise<unknown>, ms: number) => Promise.race([work, new Promise((resolve) => setTimeout(resolve, ms).unref())]);

/**
 * Shutdown: runs this process executes get `graceMs` to finish (stopping a promotion halfway is
 * worse than waiting), then are aborted (`signal.aborted`) and get a moment to record the failure.
 */
export async function drainExecutingRuns(graceMs: number): Promise<void> {
  const running = () => Promise.all([...executing().values()].map((run) => run.done));
  await settledWithin(running(), graceMs);
  for (const { controller } of executing().values()) controller.abort(new Error("the instance is shutting down"));
  await settledWithin(running(), 2_000);
}

/**
 * Starts a run that is `running` (approved) or `requested` (needs none) in the background of this
 * process. The status transition makes a second start of the same run a no-op.
 */
export function startRun(row: RunRow): void {
  const controller = new AbortController();
  const done = execute(db().primary, row, controller.signal).finally(() => executing().delete(row.id));
  executing().set(row.id, { controller, done });
}

async function execute(client: PrismaClient, row: RunRow, signal: AbortSignal): Promise<void> {
  const procedure = findProcedure(row.procedure);
  const running = await transitionRun(client, row.id, ["requested", "running"], "running", { startedAt: row.startedAt ?? new Date() });
  if (!running || !procedure) return;
  const heartbeat = setInterval(() => void touchRun(client, row.id).catch(() => {}), RUN_HEARTBEAT_MS);
  heartbeat.unref();
  try {
    const input = procedure.inputSchema.parse(row.input);
    const outcome = await procedure.run(input, {
      runId: row.id,
      actor: { userId: row.requestedByUserId, email: row.requestedByEmail },
      approver: row.approvedByUserId && row.approvedByEmail ? { userId: row.approvedByUserId, email: row.approvedByEmail } : null,
      requestId: row.requestId,
      signal,
      progress: (update) => saveRunProgress(client, row.id, update),
    });
    await finish(client, running, { status: "succeeded", outcome });
  } catch (error) {
    logger.warn("emergency procedure failed", { runId: row.id, procedure: row.procedure, err: error });
    await finish(client, running, { status: "failed", error: error instanceof Error ? error.message : String(error) });
  } finally {
    clearInterval(heartbeat);
  }
}

type Result = { status: "succeeded"; outcome: ProcedureOutcome } | { status: "failed"; error: string };

/** Records the result and its audit entry together: what the preview promised, what was changed. */
async function finish(client: PrismaClient, run: RunRow, result: Result): Promise<void> {
  await client.$transaction(async (tx) => {
    const data = result.status === "succeeded" ? { outcome: result.outcome as Prisma.InputJsonValue } : { error: result.error };
    const finished = await transitionRun(tx, run.id, ["running"], result.status, { ...data, finishedAt: new Date() });
    if (!finished) return; // the sweeper declared it abandoned meanwhile; its entry stands
    await recordRunAudit(tx, run, `procedure_run.${result.status === "succeeded" ? "succeed" : "fail"}`, {
      status: result.status,
      ...(result.status === "succeeded" ? { changes: result.outcome.changes, details: result.outcome.details } : { error: result.error }),
    } as Prisma.InputJsonValue);
  });
}

/** One audit entry for a run event; `before` is always what the preview said would change. */
export async function recordRunAudit(
  tx: Prisma.TransactionClient,
  run: RunRow,
  action: string,
  after: Prisma.InputJsonValue,
  actor: { userId: string; email: string } = { userId: run.requestedByUserId, email: run.requestedByEmail },
  requestId: string = run.requestId,
): Promise<void> {
  const preview = run.preview as ProcedurePreview;
  await recordAudit(tx, {
    actorUserId: actor.userId,
    actorEmail: actor.email,
    tenantId: run.tenantId,
    action,
    target: `procedure_run:${run.id}`,
    before: { procedure: run.procedure, input: run.input as Prisma.InputJsonValue, changes: preview.changes.map((change) => ({ label: change.label, value: change.from })) },
    after,
    requestId,
  });
}
