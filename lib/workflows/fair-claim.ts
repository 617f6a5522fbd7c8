import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import type { ClaimedRun } from "./run-store";
import type { StepDefinition } from "./schemas";

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * `fair`: round-robin across tenants with waiting runs, the tenant with the fewest running first,
 * each tenant held to its running quota. `oldest-first`: one global line by queue time, what the
 * engine did before; kept only so a benchmark can compare the two.
 */
export type DispatchOrder = "fair" | "oldest-first";

export type ClaimRequest = {
  /** Runs this worker can start now (its free capacity). */
  limit: number;
  workerId: string;
  leaseMs: number;
  workflowTimeoutMs: number;
  tenantMaxRunning: number;
  order: DispatchOrder;
};

/** The override kind that pauses dispatch (scope `global`, or `tenant:<id>`). */
export const QUEUE_PAUSE_OVERRIDE = "workflow-queue-paused";

const UTC_NOW = Prisma.sql`(now() at time zone 'utc')`;

/** A tenant is held back while a live pause override names it or the whole queue. */
const notPaused = (tenantColumn: Prisma.Sql) => Prisma.sql`not exists (
  select 1 from emergency_override o where o.kind = ${QUEUE_PAUSE_OVERRIDE} and o."endedAt" is null and o."expiresAt" > now()
    and (o.scope = 'global' or o.scope = 'tenant:' || ${tenantColumn}::text))`;

/**
 * The fair pick. Tenants with waiting runs come from a skip scan of the per-tenant queued index
 * (one probe per tenant, however deep any backlog is); each offers its oldest runs up to its
 * remaining running quota, and the offers are interleaved by "running + position in its own
 * line": a tenant with nothing running is served before one with twenty, whatever the queue
 * times say. That is what keeps a small tenant's time to start independent of a big backlog.
 */
function fairPick(request: ClaimRequest) {
  return Prisma.sql`
    tenants as (
      (select "tenantId" from workflow_execution where status = 'queued' order by "tenantId" limit 1)
      union all
      select (select e."tenantId" from workflow_execution e where e.status = 'queued' and e."tenantId" > t."tenantId" order by e."tenantId" limit 1)
      from tenants t where t."tenantId" is not null
    ), running as (
      select e."tenantId", count(*)::int as n from workflow_run_slot s join workflow_execution e on e.id = s."executionId" group by e."tenantId"
    ), offers as (
      select c.id, c."queuedAt", coalesce(r.n, 0) + c.position as turn
      from tenants t
      left join running r on r."tenantId" = t."tenantId"
      cross join lateral (
        select q.id, q."queuedAt", row_number() over (order by q."queuedAt", q.id) as position from (
          select e.id, e."queuedAt" from workflow_execution e
          where e."tenantId" = t."tenantId" and e.status = 'queued'
          order by e."queuedAt", e.id
          limit greatest(0, least(${request.limit}, ${request.tenantMaxRunning} - coalesce(r.n, 0)))
          for update skip locked
        ) q
      ) c
      where t."tenantId" is not null and ${notPaused(Prisma.sql`t."tenantId"`)}
    ), wanted as (
      select id, row_number() over (order by turn, "queuedAt", id) as n from (
        select id, "queuedAt", turn from offers order by turn, "queuedAt", id limit ${request.limit}
      ) o
    )`;
}

/** The previous behaviour: the globally oldest waiting runs, no quota, no round-robin. */
function oldestFirstPick(request: ClaimRequest) {
  return Prisma.sql`
    wanted as (
      select id, row_number() over (order by "queuedAt", id) as n from (
        select e.id, e."queuedAt" from workflow_execution e
        where e.status = 'queued' and ${notPaused(Prisma.sql`e."tenantId"`)}
        order by e."queuedAt", e.id limit ${request.limit}
        for update skip locked
      ) w
    )`;
}

type ClaimRow = {
  id: string;
  tenantId: string;
  attempts: number;
  definition: { steps?: StepDefinition[] };
  input: unknown;
  output: unknown;
  nextStepIndex: number;
  deadlineAt: Date;
  startedAt: Date;
  workflowType: string;
  slot: number;
};

/**
 * Picks the next waiting runs and claims each with a free run slot, in one statement: the waiting
 * row is the queue entry (nothing else to fetch or complete), SKIP LOCKED lets any number of
 * workers claim at once, and the global running limit is the number of slot rows. Concurrent
 * workers can each see a tenant one short of its running quota, so that quota may be passed by
 * at most the number of workers claiming at the same instant.
 */
export async function claimNextRuns(client: Db, request: ClaimRequest): Promise<ClaimedRun[]> {
  if (request.limit <= 0) return [];
  const pick = request.order === "fair" ? fairPick(request) : oldestFirstPick(request);
  const rows = await client.$queryRaw<ClaimRow[]>`
    with recursive ${pick},
    free as (
      -- Only as many slots as runs were picked: a worker that picked none (another holds them)
      -- must not hold slots the other needs for the runs it picked.
      select slot, row_number() over (order by slot) as n from (
        select slot from workflow_run_slot where "executionId" is null order by slot limit (select count(*) from wanted) for update skip locked
      ) f
    ), pairs as (
      select w.id, f.slot from wanted w join free f on f.n = w.n
    ), claimed as (
      update workflow_execution e set
        status = 'running',
        attempts = e.attempts + 1,
        "startedAt" = coalesce(e."startedAt", ${UTC_NOW}),
        "deadlineAt" = coalesce(e."deadlineAt", now() + ${request.workflowTimeoutMs} * interval '1 millisecond')
      from pairs p where e.id = p.id
      returning e.id, e."tenantId", e.attempts, e.definition, e.input, e.output, e."nextStepIndex", e."deadlineAt", e."startedAt", e."workflowType", p.slot
    ), taken as (
      update workflow_run_slot s set "executionId" = c.id, attempt = c.attempts, "workerId" = ${request.workerId},
        "leaseExpiresAt" = now() + ${request.leaseMs} * interval '1 millisecond'
      from claimed c where s.slot = c.slot
    ), logged as (
      insert into workflow_execution_event ("executionId", "tenantId", type, attempt, message)
      select c.id, c."tenantId", (case when c.attempts > 1 then 'resumed' else 'started' end)::"WorkflowEventType", c.attempts,
        case when c."nextStepIndex" > 0 then 'continuing from the checkpoint after step ' || c."nextStepIndex" end
      from claimed c
    )
    select * from claimed`;
  return rows.map((row) => ({
    executionId: row.id,
    tenantId: row.tenantId,
    attempt: row.attempts,
    slot: row.slot,
    steps: row.definition.steps ?? [],
    input: row.input,
    lastOutput: row.output,
    nextStepIndex: row.nextStepIndex,
    deadlineAt: row.deadlineAt,
    startedAt: row.startedAt,
    workflowType: row.workflowType,
  }));
}

/**
 * Read between two steps of a run (one short indexed read, never for one-step runs): a pause
 * stops the run at the step boundary, so running steps finish and no new step starts.
 */
export async function isTenantPaused(client: Db, tenantId: string): Promise<boolean> {
  const rows = await client.$queryRaw<{ paused: boolean }[]>`select exists (
    select 1 from emergency_override o where o.kind = ${QUEUE_PAUSE_OVERRIDE} and o."endedAt" is null and o."expiresAt" > now()
      and (o.scope = 'global' or o.scope = ${`tenant:${tenantId}`})) as paused`;
  return rows[0]?.paused ?? false;
}
