import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/http/errors";
import { findExecutionAcrossTenants } from "./ops-repo";
import { findExecution, listStepRuns } from "./repo";
import type { DeadLetterDetailOutput } from "./schemas";
import { toExecutionSummary } from "./service";

/** A step's input beyond this much JSON is shown cut (the page shows it in a scroll box). */
const MAX_SHOWN_INPUT_CHARS = 16_384;
/** The newest failed attempts shown; a step retries a handful of times, a loop of resumes a few more. */
const MAX_SHOWN_ATTEMPTS = 50;

type AttemptRow = { attempt: number | null; at: Date; message: string | null };

async function listFailedAttempts(client: PrismaClient, tenantId: string, executionId: string, stepId: string): Promise<AttemptRow[]> {
  return client.$queryRaw<AttemptRow[]>(Prisma.sql`
    select * from (
      select id, attempt, at, message from workflow_execution_event
      where "executionId" = ${executionId}::uuid and "tenantId" = ${tenantId}::uuid and "stepId" = ${stepId} and type = 'step_failed'
      order by id desc limit ${MAX_SHOWN_ATTEMPTS}
    ) newest order by id`);
}

function shownInput(value: unknown): { stepInput: unknown; stepInputTruncated: boolean } {
  const text = JSON.stringify(value ?? null);
  return text.length <= MAX_SHOWN_INPUT_CHARS ? { stepInput: value ?? null, stepInputTruncated: false } : { stepInput: text.slice(0, MAX_SHOWN_INPUT_CHARS), stepInputTruncated: true };
}

/**
 * One dead letter in full, for an operator deciding whether a retry will help: which step failed
 * (name and type), every failed attempt with its error and time, and the input that step read.
 * Read from the primary: it is what a retry would start from.
 */
export async function getDeadLetterDetail(id: string): Promise<DeadLetterDetailOutput> {
  const client = db().primary;
  const found = await findExecutionAcrossTenants(client, id);
  if (!found || found.status !== "failed") throw new NotFoundError(`no failed workflow execution ${id}`);
  const [row, runs, tenant] = await Promise.all([
    findExecution(client, found.tenantId, id),
    listStepRuns(client, found.tenantId, id),
    client.tenant.findUnique({ where: { id: found.tenantId }, select: { name: true } }),
  ]);
  if (!row) throw new NotFoundError(`no failed workflow execution ${id}`);
  const failedRun = runs.find((run) => run.stepId === row.failedStepId && run.status === "failed") ?? runs.findLast((run) => run.status === "failed") ?? null;
  const attempts = failedRun ? await listFailedAttempts(client, found.tenantId, id, failedRun.stepId) : [];
  const previous = failedRun && failedRun.stepIndex > 0 ? runs.find((run) => run.stepIndex === failedRun.stepIndex - 1) : undefined;
  return {
    ...toExecutionSummary(row),
    tenantId: found.tenantId,
    tenantName: tenant?.name ?? "",
    failedStepId: failedRun?.stepId ?? row.failedStepId,
    failedStep: failedRun
      ? {
          index: failedRun.stepIndex,
          stepId: failedRun.stepId,
          type: failedRun.type,
          attempts: failedRun.attempts,
          error: failedRun.error,
          startedAt: failedRun.startedAt?.toISOString() ?? null,
          finishedAt: failedRun.finishedAt?.toISOString() ?? null,
        }
      : null,
    failedAttempts: attempts.map((attempt) => ({ attempt: attempt.attempt, at: attempt.at.toISOString(), message: attempt.message })),
    ...shownInput(failedRun === null ? null : failedRun.stepIndex === 0 ? row.input : previous?.output),
  };
}
