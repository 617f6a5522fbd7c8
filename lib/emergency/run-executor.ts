import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import type { AuditEntryInput } from "@/lib/audit/repo";
import { isPrimaryUnavailable, journalRunChange, replayJournal } from "@/lib/break-glass";
import type { JournalRunChange } from "@/lib/break-glass/entries";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/logging/logger";
import { processSingleton } from "@/lib/process-singleton";
import type { ProcedureOutcome, ProcedurePreview, ProcedureProgress } from "./procedure";
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
 * process. The status transition makes a second start of the same run a no-op. A `journaled` run
 * (requested or approved while the primary was unreachable) keeps its state in the break-glass
 * journal until the primary answers again, then is replayed into it and finishes there.
 */
export function startRun(row: RunRow, options: { journaled?: boolean } = {}): void {
  const controller = new AbortController();
  const writer = options.journaled ? journalWriter(row) : databaseWriter(db().primary, row);
  const done = execute(writer, row, controller.signal).finally(() => executing().delete(row.id));
  executing().set(row.id, { controller, done });
}

type Result = { status: "succeeded"; outcome: ProcedureOutcome } | { status: "failed"; error: string };

/** Where a run's state goes while it executes: the primary, or the break-glass journal. */
type RunWriter = {
  begin(): Promise<RunRow | null>;
  progress(update: ProcedureProgress): Promise<void>;
  heartbeat(): Promise<void>;
  finish(run: RunRow, result: Result): Promise<void>;
};

async function execute(writer: RunWriter, row: RunRow, signal: AbortSignal): Promise<void> {
  const procedure = findProcedure(row.procedure);
  const running = await writer.begin().catch((error: unknown) => {
    logger.error("an emergency run could not start", { runId: row.id, err: error });
    return null;
  });
  if (!running || !procedure) return;
  const heartbeat = setInterval(() => void writer.heartbeat().catch(() => {}), RUN_HEARTBEAT_MS);
  heartbeat.unref();
  try {
    let result: Result;
    try {
      const input = procedure.inputSchema.parse(row.input);
      const outcome = await procedure.run(input, {
        runId: row.id,
        actor: { userId: row.requestedByUserId, email: row.requestedByEmail },
        approver: row.approvedByUserId && row.approvedByEmail ? { userId: row.approvedByUserId, email: row.approvedByEmail } : null,
        requestId: row.requestId,
        signal,
        progress: (update) => writer.progress(update),
      });
      result = { status: "succeeded", outcome };
    } catch (error) {
      logger.warn("emergency procedure failed", { runId: row.id, procedure: row.procedure, err: error });
      result = { status: "failed", error: error instanceof Error ? error.message : String(error) };
    }
    await writer.finish(running, result);
  } catch (error) {
    logger.error("an emergency run's result could not be recorded", { runId: row.id, err: error });
  } finally {
    clearInterval(heartbeat);
  }
}

function databaseWriter(client: PrismaClient, row: RunRow): RunWriter {
  return {
    begin: () => transitionRun(client, row.id, ["requested", "running"], "running", { startedAt: row.startedAt ?? new Date() }),
    progress: (update) => saveRunProgress(client, row.id, update),
    heartbeat: () => touchRun(client, row.id),
    finish: (run, result) => finish(client, run, result),
  };
}

function journalWriter(row: RunRow): RunWriter {
  const journaled = (from: RunRow["status"][], change: JournalRunChange, audit: ((run: RunRow) => AuditEntryInput) | null) => journalRunChange(row.id, row, from, change, audit);
  return {
    begin: () => journaled(["requested", "running"], { status: "running", startedAt: (row.startedAt ?? new Date()).toISOString() }, null),
    progress: async (update) => void (await journaled(["running"], { progress: update }, null)),
    // Once the journal is replayed (the primary is back) the run has a row the sweeper watches.
    heartbeat: () => touchRun(db().primary, row.id),
    async finish(run, result) {
      try {
        // A promotion just made a replica the primary (or the old one is back): the journal goes
        // into it first, so the run's row exists there to finish on.
        await replayJournal(db().primary);
        await finish(db().primary, run, result);
      } catch (error) {
        if (!isPrimaryUnavailable(error)) throw error;
        await journaled(
          ["running"],
          { status: result.status, finishedAt: new Date().toISOString(), ...(result.status === "succeeded" ? { outcome: result.outcome as Prisma.JsonValue } : { error: result.error }) },
          (current) => runAuditEntry(current, `procedure_run.${result.status === "succeeded" ? "succeed" : "fail"}`, resultAudit(result)),
        );
      }
    },
  };
}

function resultAudit(result: Result): Prisma.InputJsonValue {
  return {
    status: result.status,
    ...(result.status === "succeeded" ? { changes: result.outcome.changes, details: result.outcome.details } : { error: result.error }),
  } as Prisma.InputJsonValue;
}

/** Records the result and its audit entry together: what the preview promised, what was changed. */
async function finish(client: PrismaClient, run: RunRow, result: Result): Promise<void> {
  await client.$transaction(async (tx) => {
    const data = result.status === "succeeded" ? { outcome: result.outcome as Prisma.InputJsonValue } : { error: result.error };
    const finished = await transitionRun(tx, run.id, ["running"], result.status, { ...data, finishedAt: new Date() });
    if (!finished) return; // the sweeper declared it abandoned meanwhile; its entry stands
    await recordRunAudit(tx, run, `procedure_run.${result.status === "succeeded" ? "succeed" : "fail"}`, resultAudit(result));
  });
}

/** The audit entry for a run event; `before` is always what the preview said would change. */
export function runAuditEntry(
  run: RunRow,
  action: string,
  after: Prisma.InputJsonValue,
  actor: { userId: string; email: string } = { userId: run.requestedByUserId, email: run.requestedByEmail },
  requestId: string = run.requestId,
): AuditEntryInput {
  const preview = run.preview as ProcedurePreview;
  return {
    actorUserId: actor.userId,
    actorEmail: actor.email,
    tenantId: run.tenantId,
    action,
    target: `procedure_run:${run.id}`,
    before: { procedure: run.procedure, input: run.input as Prisma.InputJsonValue, changes: preview.changes.map((change) => ({ label: change.label, value: change.from })) },
    after,
    requestId,
  };
}

/** Writes a run event's audit entry in the transaction that makes the change. */
export async function recordRunAudit(tx: Prisma.TransactionClient, ...entry: Parameters<typeof runAuditEntry>): Promise<void> {
  await recordAudit(tx, runAuditEntry(...entry));
}
