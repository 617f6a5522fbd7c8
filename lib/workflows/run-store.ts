import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import type { ExecutionEventType, StepDefinition, StepStatus } from "./schemas";

/*
 * Every statement a worker runs. Each is one round trip: the worker's hot path is claim → step
 * start → step result, so throughput is bounded by these, not by the steps themselves.
 *
 * The fence: a worker owns an execution while the execution is `running` with the `attempts`
 * value it claimed. Whoever requeues a run (lease lapse, shutdown) changes that, so a stalled
 * worker that comes back can no longer write anything (its statements match no row).
 */

type Db = PrismaClient | Prisma.TransactionClient;

/** Existing execution timestamps are `timestamp(3)` holding UTC. */
const UTC_NOW = Prisma.sql`(now() at time zone 'utc')`;
const json = (value: unknown) => JSON.stringify(value ?? null);

export type RunFence = { executionId: string; tenantId: string; attempt: number };

export type ClaimedRun = RunFence & {
  slot: number;
  steps: StepDefinition[];
  input: unknown;
  /** The last completed step's output (what the next step reads). */
  lastOutput: unknown;
  nextStepIndex: number;
  deadlineAt: Date;
  startedAt: Date;
  workflowType: string;
};

/** `lost`: the fence no longer matches (the run was taken away); `cancel`: a cancel is pending. */
export type FenceState = "ok" | "cancel" | "lost";

type FenceRow = { cancelRequested: boolean | null };
const toFenceState = (rows: FenceRow[]): FenceState => {
  const value = rows[0]?.cancelRequested;
  return value === null || value === undefined ? "lost" : value ? "cancel" : "ok";
};

const live = (run: RunFence) => Prisma.sql`
  live as (
    select e.id, e."cancelRequestedAt" is not null as "cancelRequested" from workflow_execution e
    where e.id = ${run.executionId}::uuid and e.attempts = ${run.attempt} and e.status = 'running'
    for update
  )`;

type EventInput = { type: ExecutionEventType; message?: string | null; at?: Date };

/** A CTE appending events for the run (in list order), only while the fence holds. */
const events = (run: RunFence, stepId: string | null, attempt: number | null, list: EventInput[]) => Prisma.sql`
  logged as (
    insert into workflow_execution_event ("executionId", "tenantId", type, "stepId", attempt, message, at)
    select ${run.executionId}::uuid, ${run.tenantId}::uuid, t.type::"WorkflowEventType", ${stepId}, ${attempt}::int, t.message, coalesce(t.at::timestamptz, now())
    from live, unnest(${list.map((event) => event.type)}::text[], ${list.map((event) => event.message ?? null)}::text[],
      ${list.map((event) => event.at?.toISOString() ?? null)}::text[]) with ordinality as t(type, message, at, position)
    order by t.position
  )`;

/**
 * Instant steps (transform, fail) on a first run skip the separate "step started" write: their
 * result statement records the start too. `deferredStartAt` is when such an attempt began.
 */
export type DeferredStart = Date | null;

export type StartedStep = { state: FenceState; attempt: number; progress: unknown };

/** Marks a step running (one more attempt) and returns its saved progress, if any. */
export async function startStep(client: Db, run: RunFence, index: number, step: StepDefinition): Promise<StartedStep> {
  const rows = await client.$queryRaw<(FenceRow & { attempts: number | null; progress: unknown })[]>`
    with ${live(run)},
    started as (
      insert into workflow_step_run ("executionId", "stepIndex", "tenantId", "stepId", type, status, attempts, "startedAt")
      select live.id, ${index}, ${run.tenantId}::uuid, ${step.id}, ${step.type}, 'running', 1, now() from live where not live."cancelRequested"
      on conflict ("executionId", "stepIndex") do update set status = 'running', attempts = workflow_step_run.attempts + 1,
        "startedAt" = coalesce(workflow_step_run."startedAt", now()), error = null
      returning attempts, progress
    ), logged as (
      insert into workflow_execution_event ("executionId", "tenantId", type, "stepId", attempt)
      select ${run.executionId}::uuid, ${run.tenantId}::uuid, 'step_started', ${step.id}, s.attempts from started s
    )
    select (select "cancelRequested" from live), s.attempts, s.progress from (select 1) one left join started s on true`;
  return { state: toFenceState(rows), attempt: rows[0]?.attempts ?? 0, progress: rows[0]?.progress ?? null };
}

/** Saves a long step's progress (a checkpoint) and renews the run's lease. */
export async function saveProgress(client: Db, run: RunFence, index: number, stepId: string, progress: unknown, leaseMs: number): Promise<FenceState> {
  const rows = await client.$queryRaw<FenceRow[]>`
    with ${live(run)},
    saved as (
      update workflow_step_run set progress = ${json(progress)}::jsonb, checkpoints = checkpoints + 1
      where "executionId" = ${run.executionId}::uuid and "stepIndex" = ${index} and exists (select 1 from live)
    ), renewed as (
      update workflow_run_slot set "leaseExpiresAt" = now() + ${leaseMs} * interval '1 millisecond'
      where "executionId" = ${run.executionId}::uuid and attempt = ${run.attempt} and exists (select 1 from live)
    ), ${events(run, stepId, null, [{ type: "checkpoint", message: "progress saved" }])}
    select "cancelRequested" from live`;
  return toFenceState(rows);
}

/**
 * Persists a step's result, which is also the run's checkpoint: the execution's next step index
 * moves past it, so no resume runs it again. The last step finishes the execution and frees its
 * slot in the same statement.
 */
export async function completeStep(
  client: Db,
  run: RunFence,
  index: number,
  step: StepDefinition,
  attempt: number,
  output: unknown,
  isLast: boolean,
  deferredStartAt: DeferredStart,
): Promise<FenceState> {
  const finishEvents: EventInput[] = [
    ...(deferredStartAt ? [{ type: "step_started" as const, at: deferredStartAt }] : []),
    { type: "step_succeeded" },
    { type: "checkpoint", message: `after step ${index + 1}` },
    ...(isLast ? [{ type: "succeeded" as const }] : []),
  ];
  const rows = await client.$queryRaw<FenceRow[]>`
    with ${live(run)},
    step as (
      insert into workflow_step_run ("executionId", "stepIndex", "tenantId", "stepId", type, status, attempts, "startedAt", "finishedAt", output, checkpoints)
      select live.id, ${index}, ${run.tenantId}::uuid, ${step.id}, ${step.type}, 'succeeded', 1, coalesce(${deferredStartAt?.toISOString() ?? null}::timestamptz, now()), now(),
        ${json(output)}::jsonb, 1
      from live
      on conflict ("executionId", "stepIndex") do update set status = 'succeeded', attempts = workflow_step_run.attempts + ${deferredStartAt ? 1 : 0},
        "finishedAt" = now(), output = excluded.output, error = null, progress = null, checkpoints = workflow_step_run.checkpoints + 1
    ), execution as (
      update workflow_execution set "nextStepIndex" = ${index + 1}, output = ${json(output)}::jsonb,
        status = case when ${isLast} then 'succeeded'::"WorkflowExecutionStatus" else status end,
        "finishedAt" = case when ${isLast} then ${UTC_NOW} else "finishedAt" end
      where id = ${run.executionId}::uuid and exists (select 1 from live)
    ), freed as (
      update workflow_run_slot set "executionId" = null, attempt = null, "workerId" = null, "leaseExpiresAt" = null
      where ${isLast} and "executionId" = ${run.executionId}::uuid and exists (select 1 from live)
    ), ${events(run, step.id, attempt, finishEvents)}
    select "cancelRequested" from live`;
  return toFenceState(rows);
}

/** Records a failed attempt; the step stays running when another attempt follows. */
export async function recordAttemptFailure(
  client: Db,
  run: RunFence,
  index: number,
  step: StepDefinition,
  attempt: number,
  error: string,
  retryInMs: number | null,
  deferredStartAt: DeferredStart,
): Promise<FenceState> {
  const list: EventInput[] = [
    ...(deferredStartAt ? [{ type: "step_started" as const, at: deferredStartAt }] : []),
    { type: "step_failed", message: error },
    ...(retryInMs !== null ? [{ type: "step_retry_scheduled" as const, message: `next attempt in ${retryInMs} ms` }] : []),
  ];
  const status = retryInMs !== null ? "running" : "failed";
  const rows = await client.$queryRaw<FenceRow[]>`
    with ${live(run)},
    step as (
      insert into workflow_step_run ("executionId", "stepIndex", "tenantId", "stepId", type, status, attempts, "startedAt", "finishedAt", error)
      select live.id, ${index}, ${run.tenantId}::uuid, ${step.id}, ${step.type}, ${status}::"WorkflowStepStatus", 1,
        coalesce(${deferredStartAt?.toISOString() ?? null}::timestamptz, now()), case when ${retryInMs === null} then now() end, ${error}
      from live
      on conflict ("executionId", "stepIndex") do update set error = excluded.error, status = excluded.status, "finishedAt" = excluded."finishedAt",
        attempts = workflow_step_run.attempts + ${deferredStartAt ? 1 : 0}
    ), ${events(run, step.id, attempt, list)}
    select "cancelRequested" from live`;
  return toFenceState(rows);
}

export type RunEnd = {
  status: "failed" | "cancelled";
  error: string | null;
  event: "failed" | "cancelled" | "timed_out";
  /** The step that was running, and what becomes of it. */
  step: { index: number; stepId: string; status: StepStatus; error: string | null } | null;
};

/** Ends a run as failed (the dead-letter state) or cancelled, and frees its slot. */
export async function endRun(client: Db, run: RunFence, end: RunEnd): Promise<boolean> {
  const stepIndex = end.step?.index ?? -1;
  const rows = await client.$queryRaw<{ ended: number }[]>`
    with ${live(run)},
    step as (
      -- The step named, or one left running (a cancel seen between attempts) when none is.
      update workflow_step_run set status = ${end.step?.status ?? "skipped"}::"WorkflowStepStatus", "finishedAt" = now(),
        error = coalesce(${end.step?.error ?? null}, error), progress = null
      where "executionId" = ${run.executionId}::uuid and ("stepIndex" = ${stepIndex} or status = 'running') and exists (select 1 from live)
    ), execution as (
      update workflow_execution set status = ${end.status}::"WorkflowExecutionStatus", "finishedAt" = ${UTC_NOW}, error = ${end.error},
        "failedStepId" = ${end.status === "failed" ? (end.step?.stepId ?? null) : null}
      where id = ${run.executionId}::uuid and exists (select 1 from live)
      returning 1
    ), freed as (
      update workflow_run_slot set "executionId" = null, attempt = null, "workerId" = null, "leaseExpiresAt" = null
      where "executionId" = ${run.executionId}::uuid and exists (select 1 from live)
    ), ${events(run, end.step?.stepId ?? null, null, [{ type: end.event, message: end.error }])}
    select count(*)::int as ended from execution`;
  return (rows[0]?.ended ?? 0) > 0;
}

/**
 * Gives a run back to the queue (graceful shutdown): waiting again, slot freed, the running
 * step back to pending with its saved progress. The caller enqueues its job in this transaction.
 */
export async function releaseRun(client: Db, run: RunFence, reason: string): Promise<boolean> {
  const rows = await client.$queryRaw<{ released: number }[]>`
    with ${live(run)},
    execution as (
      update workflow_execution set status = 'queued', "queuedAt" = now() where id = ${run.executionId}::uuid and exists (select 1 from live) returning 1
    ), steps as (
      update workflow_step_run set status = 'pending' where "executionId" = ${run.executionId}::uuid and status = 'running' and exists (select 1 from live)
    ), freed as (
      update workflow_run_slot set "executionId" = null, attempt = null, "workerId" = null, "leaseExpiresAt" = null
      where "executionId" = ${run.executionId}::uuid and exists (select 1 from live)
    ), ${events(run, null, null, [{ type: "queued", message: reason }])}
    select count(*)::int as released from execution`;
  return (rows[0]?.released ?? 0) > 0;
}

/**
 * Runs whose worker stopped renewing its lease: back to the queue, slots freed. Returns the
 * executions to enqueue (in the same transaction). SKIP LOCKED lets every worker run this.
 */
export async function requeueLapsedRuns(client: Db, limit: number): Promise<string[]> {
  const rows = await client.$queryRaw<{ id: string }[]>`
    with lapsed as (
      select slot, "executionId", attempt from workflow_run_slot
      where "executionId" is not null and "leaseExpiresAt" < now()
      order by slot limit ${limit} for update skip locked
    ), freed as (
      update workflow_run_slot s set "executionId" = null, attempt = null, "workerId" = null, "leaseExpiresAt" = null from lapsed l where s.slot = l.slot
    ), requeued as (
      update workflow_execution e set status = 'queued', "queuedAt" = now()
      from lapsed l where e.id = l."executionId" and e.attempts = l.attempt and e.status = 'running'
      returning e.id, e."tenantId"
    ), steps as (
      update workflow_step_run r set status = 'pending' from requeued q where r."executionId" = q.id and r.status = 'running'
    ), logged as (
      insert into workflow_execution_event ("executionId", "tenantId", type, message)
      select q.id, q."tenantId", 'queued', 'its worker stopped renewing the lease; back in the queue to resume from the last checkpoint' from requeued q
    )
    select id from requeued`;
  return rows.map((row) => row.id);
}

/** Renews the leases of the runs this worker is running, and says the worker is alive. */
export async function renewLeases(
  client: Db,
  worker: { id: string; host: string; pid: number; concurrency: number; running: number },
  executionIds: string[],
  leaseMs: number,
): Promise<void> {
  // Only the runs still in progress here: one this worker gave up on must lapse and move on.
  await client.$executeRaw`
    with renewed as (
      update workflow_run_slot set "leaseExpiresAt" = now() + ${leaseMs} * interval '1 millisecond'
      where "workerId" = ${worker.id} and "executionId" = any(${executionIds}::uuid[])
    )
    insert into workflow_worker (id, host, pid, concurrency, running, "lastSeenAt") values (${worker.id}, ${worker.host}, ${worker.pid}, ${worker.concurrency}, ${worker.running}, now())
    on conflict (id) do update set running = excluded.running, concurrency = excluded.concurrency, "lastSeenAt" = now()`;
}

export async function removeWorker(client: Db, workerId: string): Promise<void> {
  await client.$executeRaw`delete from workflow_worker where id = ${workerId}`;
}

/** Makes the slot rows match the configured running limit (free surplus slots are dropped). */
export async function ensureRunSlots(client: Db, maxRunning: number): Promise<void> {
  await client.$executeRaw`insert into workflow_run_slot (slot) select generate_series(1, ${maxRunning}::int) on conflict do nothing`;
  await client.$executeRaw`delete from workflow_run_slot where slot > ${maxRunning} and "executionId" is null`;
}

export type MinuteCounts = { minute: Date; succeeded: number; failed: number; cancelled: number; retries: number };

export async function flushMinuteCounts(client: Db, workerId: string, counts: MinuteCounts[]): Promise<void> {
  if (counts.length === 0) return;
  await client.$executeRaw`
    insert into workflow_stats_minute (minute, "workerId", succeeded, failed, cancelled, retries)
    select m, ${workerId}, s, f, c, r
    from unnest(${counts.map((c) => c.minute)}::timestamptz[], ${counts.map((c) => c.succeeded)}::int[], ${counts.map((c) => c.failed)}::int[],
      ${counts.map((c) => c.cancelled)}::int[], ${counts.map((c) => c.retries)}::int[]) as t(m, s, f, c, r)
    on conflict (minute, "workerId") do update set succeeded = workflow_stats_minute.succeeded + excluded.succeeded,
      failed = workflow_stats_minute.failed + excluded.failed, cancelled = workflow_stats_minute.cancelled + excluded.cancelled,
      retries = workflow_stats_minute.retries + excluded.retries`;
}

/** Old throughput rows and workers gone for a day; bounded tables whatever the uptime. */
export async function pruneEngineTables(client: Db): Promise<void> {
  await client.$executeRaw`delete from workflow_stats_minute where minute < now() - interval '2 hours'`;
  await client.$executeRaw`delete from workflow_worker where "lastSeenAt" < now() - interval '1 day'`;
}
