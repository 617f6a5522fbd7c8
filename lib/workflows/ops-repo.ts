import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import type { ExecutionRow } from "./repo";

/* Statements behind the ops queue view and the dead-letter queue; global, across tenants. */

type Db = PrismaClient | Prisma.TransactionClient;

export type QueueFiguresRow = { depth: number; oldestWaitingAgeSeconds: number | null; running: number; runningLimit: number; deadLetterCount: number };

/** Depth is counted up to `depthCap` (the queue bound + 1): enough to say "full", cheap at any size. */
export async function readQueueFigures(client: Db, depthCap: number): Promise<QueueFiguresRow> {
  const [row] = await client.$queryRaw<QueueFiguresRow[]>`
    select
      (select count(*)::int from (select 1 from workflow_execution where status = 'queued' limit ${depthCap}) q) as depth,
      (select extract(epoch from now() - min("queuedAt"))::float8 from workflow_execution where status = 'queued') as "oldestWaitingAgeSeconds",
      (select count(*)::int from workflow_run_slot where "executionId" is not null) as running,
      (select count(*)::int from workflow_run_slot) as "runningLimit",
      (select count(*)::int from workflow_execution where status = 'failed') as "deadLetterCount"`;
  if (!row) throw new Error("queue figures query returned no row");
  return row;
}

export type WindowRow = { label: "5m" | "1h"; succeeded: number; failed: number; retries: number; seconds: number };

/**
 * Totals from the workers' per-minute rows. The 5 m window covers the current (partial) minute
 * and the 4 before it, so `seconds` is the span actually covered, for a fair per-second rate.
 */
export async function readWindowTotals(client: Db): Promise<WindowRow[]> {
  return client.$queryRaw<WindowRow[]>`
    select w.label, coalesce(sum(s.succeeded), 0)::int as succeeded, coalesce(sum(s.failed), 0)::int as failed,
      coalesce(sum(s.retries), 0)::int as retries,
      extract(epoch from now() - (date_trunc('minute', now()) - (w.minutes - 1) * interval '1 minute'))::float8 as seconds
    from (values ('5m', 5), ('1h', 60)) as w(label, minutes)
    left join workflow_stats_minute s on s.minute >= date_trunc('minute', now()) - (w.minutes - 1) * interval '1 minute'
    group by w.label, w.minutes`;
}

export type WorkerRow = { id: string; host: string; pid: number; running: number; concurrency: number; lastSeenAt: Date };

export async function listLiveWorkers(client: Db, seenWithinMs: number): Promise<WorkerRow[]> {
  return client.$queryRaw<WorkerRow[]>`
    select id, host, pid, running, concurrency, "lastSeenAt" from workflow_worker
    where "lastSeenAt" > now() - ${seenWithinMs} * interval '1 millisecond' order by id`;
}

export type DeadLetterRow = ExecutionRow & { tenantName: string };

/** Failed executions of every tenant, latest failure first (the dead-letter partial index). */
export async function listDeadLettersAcrossTenants(client: Db, after: { finishedAt: Date; id: string } | null, limit: number): Promise<DeadLetterRow[]> {
  const afterKey = after ? Prisma.sql`and (e."finishedAt", e.id) < (${after.finishedAt}::timestamp(3), ${after.id}::uuid)` : Prisma.empty;
  return client.$queryRaw<DeadLetterRow[]>`
    select e.id, e."tenantId", t.name as "tenantName", e."workflowId", w.name as "workflowName", e.status::text as status, e.attempts,
      e."createdAt", e."startedAt", e."finishedAt", e."cancelRequestedAt", e.error, e."failedStepId"
    from (
      select * from workflow_execution e where e.status = 'failed' ${afterKey}
      order by e."finishedAt" desc, e.id desc limit ${limit}
    ) e
    join workflow w on w.id = e."workflowId" join tenant t on t.id = e."tenantId"
    order by e."finishedAt" desc, e.id desc`;
}

/** Locks the dead letters to retry (all of them, or one) so the count checked is the count retried. */
export async function lockDeadLetters(client: Db, id: string | null): Promise<{ id: string; tenantId: string }[]> {
  const one = id ? Prisma.sql`and id = ${id}::uuid` : Prisma.empty;
  return client.$queryRaw<{ id: string; tenantId: string }[]>`
    select id, "tenantId" from workflow_execution where status = 'failed' ${one} order by id for update`;
}

/**
 * Back to waiting, resuming after the last completed step: the failed step starts over with a
 * fresh retry budget, and the workflow timeout runs again from the next start.
 */
export async function requeueDeadLetters(client: Db, ids: string[], actorEmail: string): Promise<number> {
  if (ids.length === 0) return 0;
  const [row] = await client.$queryRaw<{ n: number }[]>`
    with requeued as (
      update workflow_execution set status = 'queued', "queuedAt" = now(), error = null, "failedStepId" = null, "finishedAt" = null, "deadlineAt" = null
      where id = any(${ids}::uuid[]) and status = 'failed'
      returning id, "tenantId"
    ), steps as (
      update workflow_step_run r set status = 'pending', error = null, "finishedAt" = null from requeued q where r."executionId" = q.id and r.status = 'failed'
    ), logged as (
      insert into workflow_execution_event ("executionId", "tenantId", type, message)
      select id, "tenantId", 'retried_by_operator', ${`retried by ${actorEmail}`} from requeued
    )
    select count(*)::int as n from requeued`;
  return row?.n ?? 0;
}

export async function findExecutionAcrossTenants(client: Db, id: string): Promise<ExecutionRow | null> {
  const [row] = await client.$queryRaw<ExecutionRow[]>`
    select e.id, e."tenantId", e."workflowId", w.name as "workflowName", e.status::text as status, e.attempts, e."createdAt", e."startedAt",
      e."finishedAt", e."cancelRequestedAt", e.error, e."failedStepId"
    from workflow_execution e join workflow w on w.id = e."workflowId" where e.id = ${id}::uuid`;
  return row ?? null;
}

export type TenantQueueFiguresRow = {
  tenantId: string;
  tenantName: string;
  tenantSlug: string;
  waiting: number;
  running: number;
  oldestWaitingAgeSeconds: number | null;
  finishedLastMinute: number;
  failedLastHour: number;
};

/**
 * Per tenant: waiting (at most the queue bound of rows, through the per-tenant queued index),
 * running (the slot rows), finished in the last minute and failed in the last hour (the finished
 * and dead-letter partial indexes, short ranges). Tenants with none of these are left out.
 */
export async function readTenantQueueFigures(client: Db, limit: number): Promise<TenantQueueFiguresRow[]> {
  return client.$queryRaw<TenantQueueFiguresRow[]>`
    with waiting as (
      select "tenantId", count(*)::int as waiting, extract(epoch from now() - min("queuedAt"))::float8 as age
      from workflow_execution where status = 'queued' group by "tenantId"
    ), running as (
      select e."tenantId", count(*)::int as running from workflow_run_slot s join workflow_execution e on e.id = s."executionId" group by e."tenantId"
    ), finished as (
      select "tenantId", count(*)::int as n from workflow_execution
      where "finishedAt" is not null and "finishedAt" > (now() at time zone 'utc') - interval '1 minute' group by "tenantId"
    ), failed as (
      select "tenantId", count(*)::int as n from workflow_execution
      where status = 'failed' and "finishedAt" > (now() at time zone 'utc') - interval '1 hour' group by "tenantId"
    ), tenants as (
      select "tenantId" from waiting union select "tenantId" from running union select "tenantId" from finished union select "tenantId" from failed
    )
    select t."tenantId", tn.name as "tenantName", tn.slug as "tenantSlug", coalesce(w.waiting, 0) as waiting, coalesce(r.running, 0) as running,
      w.age as "oldestWaitingAgeSeconds", coalesce(f.n, 0) as "finishedLastMinute", coalesce(x.n, 0) as "failedLastHour"
    from tenants t join tenant tn on tn.id = t."tenantId"
    left join waiting w on w."tenantId" = t."tenantId" left join running r on r."tenantId" = t."tenantId"
    left join finished f on f."tenantId" = t."tenantId" left join failed x on x."tenantId" = t."tenantId"
    order by coalesce(w.waiting, 0) desc, coalesce(r.running, 0) desc, tn.name
    limit ${limit}`;
}

/** Waiting runs per tenant slug, largest first: the labelled depth gauge keeps the top ones. */
export async function readWaitingByTenant(client: Db): Promise<{ tenant: string; depth: number }[]> {
  return client.$queryRaw<{ tenant: string; depth: number }[]>`
    select t.slug as tenant, q.depth from (
      select "tenantId", count(*)::int as depth from workflow_execution where status = 'queued' group by "tenantId"
    ) q join tenant t on t.id = q."tenantId" order by q.depth desc, t.slug`;
}
