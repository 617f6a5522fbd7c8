import { assertActionRate, recordAudit, type ActionRate } from "@/lib/audit";
import { decodeCursor, toPage, type Page } from "@/lib/db/cursor";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { ConflictError, NotFoundError, UnavailableError } from "@/lib/http/errors";
import { announceQueuedRuns } from "./job-queue";
import type { QueueFigures } from "./metrics";
import {
  findExecutionAcrossTenants,
  listDeadLettersAcrossTenants,
  listLiveWorkers,
  lockDeadLetters,
  readQueueFigures,
  readTenantQueueFigures,
  readWaitingByTenant,
  readWindowTotals,
  requeueDeadLetters,
  type DeadLetterRow,
  type WindowRow,
} from "./ops-repo";
import { listQueuePauses } from "./pause";
import type { TenantQueueViewOutput } from "./queue-control-schemas";
import { countWaitingUpTo } from "./repo";
import { toExecutionSummary } from "./service";
import {
  deadLetterCursorSchema,
  type DeadLetterOutput,
  type ExecutionSummaryOutput,
  type ListDeadLettersInput,
  type RetryDeadLettersInput,
  type RetryDeadLettersOutput,
  type WorkflowOpsSummaryOutput,
} from "./schemas";

/** Who acts, for the audit log. */
export type Actor = { userId: string; email: string; requestId: string };

/** A worker that has not renewed its row for this long is not shown as live. */
const LIVE_WORKER_MS = 60_000;

/** Tenants named in the labelled depth gauge; the rest are summed as `other` (bounded cardinality). */
const DEPTH_GAUGE_TOP_TENANTS = 10;
/** Rows in the per-tenant queue view (largest share first). */
const TENANT_VIEW_ROWS = 100;

export async function readWorkflowQueueFigures(): Promise<QueueFigures> {
  const [figures, byTenant] = await Promise.all([readQueueFigures(db().primary, env().WORKFLOW_QUEUE_MAX_SIZE + 1), readWaitingByTenant(db().primary)]);
  const top = byTenant.slice(0, DEPTH_GAUGE_TOP_TENANTS);
  const other = byTenant.slice(DEPTH_GAUGE_TOP_TENANTS).reduce((sum, row) => sum + row.depth, 0);
  return {
    depth: figures.depth,
    oldestWaitingAgeSeconds: figures.oldestWaitingAgeSeconds,
    running: figures.running,
    runningLimit: figures.runningLimit,
    depthByTenant: [...top, { tenant: "other", depth: other }],
  };
}

/** Who holds the queue: per tenant, sorted by share of the waiting runs, the dominant one named. */
export async function getTenantQueueView(): Promise<TenantQueueViewOutput> {
  const [rows, pauses] = await Promise.all([readTenantQueueFigures(db().primary, TENANT_VIEW_ROWS), listQueuePauses()]);
  const totalWaiting = rows.reduce((sum, row) => sum + row.waiting, 0);
  const pausedTenants = new Set(pauses.map((pause) => pause.tenantId));
  const tenants = rows.map((row) => ({
    tenantId: row.tenantId,
    tenantName: row.tenantName,
    waiting: row.waiting,
    running: row.running,
    oldestWaitingAgeSeconds: row.oldestWaitingAgeSeconds,
    throughputPerSecond: row.finishedLastMinute / 60,
    failedLastHour: row.failedLastHour,
    share: totalWaiting > 0 ? row.waiting / totalWaiting : 0,
    paused: pausedTenants.has(null) || pausedTenants.has(row.tenantId),
  }));
  const top = tenants[0];
  return {
    sampledAt: new Date().toISOString(),
    tenants,
    dominantTenantId: top && top.share > 0.5 ? top.tenantId : null,
    pauses,
    tenantMaxWaiting: env().WORKFLOW_TENANT_MAX_WAITING,
    tenantMaxRunning: env().WORKFLOW_TENANT_MAX_RUNNING,
  };
}

function toWindow(row: WindowRow | undefined) {
  if (!row) return { succeeded: 0, failed: 0, retries: 0, throughputPerSecond: 0 };
  return { succeeded: row.succeeded, failed: row.failed, retries: row.retries, throughputPerSecond: row.seconds > 0 ? (row.succeeded + row.failed) / row.seconds : 0 };
}

/** The queue view: global (every tenant's executions share the queue and the run slots). */
export async function getWorkflowOpsSummary(): Promise<WorkflowOpsSummaryOutput> {
  const client = db().primary;
  const [figures, windows, workers] = await Promise.all([readQueueFigures(client, env().WORKFLOW_QUEUE_MAX_SIZE + 1), readWindowTotals(client), listLiveWorkers(client, LIVE_WORKER_MS)]);
  return {
    sampledAt: new Date().toISOString(),
    depth: figures.depth,
    depthLimit: env().WORKFLOW_QUEUE_MAX_SIZE,
    oldestWaitingAgeSeconds: figures.oldestWaitingAgeSeconds,
    running: figures.running,
    runningLimit: figures.runningLimit,
    deadLetterCount: figures.deadLetterCount,
    windows: { last5m: toWindow(windows.find((w) => w.label === "5m")), last1h: toWindow(windows.find((w) => w.label === "1h")) },
    workers: workers.map((worker) => ({ ...worker, lastSeenAt: worker.lastSeenAt.toISOString() })),
  };
}

function toDeadLetter(row: DeadLetterRow): DeadLetterOutput {
  return { ...toExecutionSummary(row), tenantId: row.tenantId, tenantName: row.tenantName, failedStepId: row.failedStepId };
}

export async function listDeadLetters(input: ListDeadLettersInput): Promise<Page<DeadLetterOutput>> {
  const after = input.cursor ? decodeCursor(input.cursor, deadLetterCursorSchema) : null;
  const key = after ? { finishedAt: new Date(after[0]), id: after[1] } : null;
  const rows = await db().read((client) => listDeadLettersAcrossTenants(client, key, input.limit + 1));
  return toPage(rows, input.limit, toDeadLetter, (row) => [(row.finishedAt ?? row.createdAt).toISOString(), row.id]);
}

type LockedDeadLetter = { id: string; tenantId: string };

/**
 * Puts dead letters back in the queue, audited, in one transaction: `choose`
 * sees the locked rows (and may refuse), so what is checked is exactly what is retried. The
 * queue bound holds here too: a retry that would overfill the queue is refused whole.
 */
async function requeue(onlyId: string | null, actor: Actor, choose: (locked: LockedDeadLetter[]) => { ids: string[]; tenantId: string | null; target: string; action?: string }): Promise<number> {
  const maxWaiting = env().WORKFLOW_QUEUE_MAX_SIZE;
  return db().primary.$transaction(
    async (tx) => {
      const chosen = choose(await lockDeadLetters(tx, onlyId));
      const waiting = await countWaitingUpTo(tx, maxWaiting);
      if (waiting + chosen.ids.length > maxWaiting) {
        throw new UnavailableError(`retrying ${chosen.ids.length} would overfill the workflow queue (${waiting} of ${maxWaiting} waiting)`, 30);
      }
      const retried = await requeueDeadLetters(tx, chosen.ids, actor.email);
      await announceQueuedRuns(tx, chosen.ids.length);
      await recordAudit(tx, {
        actorUserId: actor.userId,
        actorEmail: actor.email,
        tenantId: chosen.tenantId,
        action: chosen.action ?? "workflow_execution.retry",
        target: chosen.target,
        before: { status: "failed", count: chosen.ids.length },
        after: { status: "queued", retried },
        requestId: actor.requestId,
      });
      return retried;
    },
    { timeout: 60_000 },
  );
}

export async function retryDeadLetter(id: string, actor: Actor): Promise<ExecutionSummaryOutput> {
  await requeue(id, actor, (locked) => {
    const entry = locked[0];
    if (!entry) throw new NotFoundError(`no failed workflow execution ${id}`);
    return { ids: [entry.id], tenantId: entry.tenantId, target: `workflow_execution:${id}` };
  });
  const row = await findExecutionAcrossTenants(db().primary, id);
  if (!row) throw new NotFoundError(`no workflow execution ${id}`);
  // A worker may already have claimed it (claims follow at once now): answer what the retry did.
  return { ...toExecutionSummary(row), status: "queued", finishedAt: null, durationMs: null, error: null };
}

/** A retry-all can refill the queue with thousands of executions: twice a minute per person at most. */
const RETRY_ALL_RATE: ActionRate = { action: "workflow_execution.retry_all", max: 2, windowSeconds: 60, describe: "you can retry every dead letter" };

/** dryRun counts; otherwise the count must still be what the operator previewed (else 409, nothing retried). */
export async function retryAllDeadLetters(input: RetryDeadLettersInput, actor: Actor): Promise<RetryDeadLettersOutput> {
  if (input.dryRun) {
    const figures = await readQueueFigures(db().primary, 1);
    return { dryRun: true, count: figures.deadLetterCount, retried: 0 };
  }
  await assertActionRate(db().primary, actor.userId, RETRY_ALL_RATE);
  let count = 0;
  const retried = await requeue(null, actor, (locked) => {
    count = locked.length;
    if (input.confirmCount !== locked.length) {
      throw new ConflictError(`there are ${locked.length} failed executions now, not the ${input.confirmCount} you confirmed; preview again`);
    }
    return { ids: locked.map((entry) => entry.id), tenantId: null, target: "workflow_dead_letter:all", action: "workflow_execution.retry_all" };
  });
  return { dryRun: false, count, retried };
}
