import type PgBoss from "pg-boss";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { ensureQueue, type JobQueue } from "@/lib/queue";

/** The one job of this domain: run (or resume) a workflow execution. */
export const WORKFLOW_RUN_JOB = "workflow.run";

export type WorkflowRunJobData = { executionId: string };

/** NOTIFY channel that wakes idle workers when jobs are enqueued (delivered at commit). */
export const WORKFLOW_WAKE_CHANNEL = "workflow_run_enqueued";

type Tx = Prisma.TransactionClient | PrismaClient;

/**
 * pg-boss runs its SQL on whatever `db` it is given: handing it the transaction's client makes
 * the job insert (or completion) commit or roll back with our own rows.
 */
export function bossOn(tx: Tx): PgBoss.Db {
  return { executeSql: async (text, values) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }) };
}

export async function enqueueRunJobs(boss: JobQueue, tx: Tx, executionIds: readonly string[]): Promise<void> {
  const [only, ...rest] = executionIds;
  if (only === undefined) return;
  await tx.$executeRawUnsafe(`select pg_notify('${WORKFLOW_WAKE_CHANNEL}', '')`);
  if (rest.length === 0) {
    await boss.send(WORKFLOW_RUN_JOB, { executionId: only } satisfies WorkflowRunJobData, { db: bossOn(tx) });
    return;
  }
  await boss.insert(
    executionIds.map((executionId) => ({ name: WORKFLOW_RUN_JOB, data: { executionId } satisfies WorkflowRunJobData })),
    { db: bossOn(tx) },
  );
}

/**
 * A fetched job that is never completed (its worker died before claiming it) expires after
 * this long and goes back to the queue; claiming completes jobs at once, so this only bounds
 * how long a dead worker's prefetched jobs wait.
 */
const FETCHED_JOB_EXPIRY_SECONDS = 120;

/**
 * pg-boss "retries" here only mean a job came back (its worker died before claiming it, or it
 * waited too long for a run slot and was handed back); step retries are the engine's own. So
 * the limit is out of reach: a job must never end "failed" in pg-boss while its execution waits.
 */
const QUEUE_OPTIONS = { retryLimit: 1_000_000, retryDelay: 1, expireInSeconds: FETCHED_JOB_EXPIRY_SECONDS, retentionMinutes: 60 };

export async function ensureWorkflowQueue(boss: JobQueue): Promise<void> {
  await ensureQueue(boss, WORKFLOW_RUN_JOB, QUEUE_OPTIONS);
  await boss.updateQueue(WORKFLOW_RUN_JOB, { name: WORKFLOW_RUN_JOB, ...QUEUE_OPTIONS });
}
