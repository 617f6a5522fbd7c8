import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import type { ExecutionStatus, StepDefinition } from "./schemas";

/* Statements behind the API: definitions, execution listings and detail, starts and cancels. */

type Db = PrismaClient | Prisma.TransactionClient;

const UTC_NOW = Prisma.sql`(now() at time zone 'utc')`;
const json = (value: unknown) => JSON.stringify(value ?? null);

// ----- definitions -------------------------------------------------------------------------------

export const workflowSelect = { id: true, name: true, description: true, definition: true, createdAt: true, updatedAt: true } satisfies Prisma.WorkflowSelect;
export type WorkflowRow = Prisma.WorkflowGetPayload<{ select: typeof workflowSelect }>;

export async function listWorkflowRows(client: Db, tenantId: string, after: { createdAt: Date; id: string } | null, limit: number): Promise<WorkflowRow[]> {
  return client.workflow.findMany({
    where: {
      tenantId,
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: workflowSelect,
  });
}

export async function findWorkflow(client: Db, tenantId: string, id: string): Promise<WorkflowRow | null> {
  return client.workflow.findFirst({ where: { id, tenantId }, select: workflowSelect });
}

export type WorkflowData = { name: string; description: string; steps: StepDefinition[] };

/** Validated JSON (the schemas allow only JSON values), stored as the definition document. */
const definitionJson = (steps: StepDefinition[]) => JSON.parse(JSON.stringify({ steps })) as Prisma.InputJsonObject;

export async function insertWorkflow(client: Db, tenantId: string, data: WorkflowData): Promise<WorkflowRow> {
  return client.workflow.create({ data: { tenantId, name: data.name, description: data.description, definition: definitionJson(data.steps) }, select: workflowSelect });
}

export async function updateWorkflowRow(client: Db, tenantId: string, id: string, data: WorkflowData): Promise<WorkflowRow | null> {
  const { count } = await client.workflow.updateMany({ where: { id, tenantId }, data: { name: data.name, description: data.description, definition: definitionJson(data.steps) } });
  return count === 0 ? null : findWorkflow(client, tenantId, id);
}

export async function countActiveExecutions(client: Db, tenantId: string, workflowId: string): Promise<number> {
  return client.workflowExecution.count({ where: { tenantId, workflowId, status: { in: ["queued", "running"] } } });
}

export async function deleteWorkflowRow(client: Db, tenantId: string, id: string): Promise<boolean> {
  const { count } = await client.workflow.deleteMany({ where: { id, tenantId } });
  return count > 0;
}

// ----- starting, cancelling ---------------------------------------------------------------------

/**
 * Waiting executions, counted only up to `cap`: the answer to "is the queue full" costs the
 * same at 10 or 10 million rows (a range of the partial index on waiting rows).
 */
export async function countWaitingUpTo(client: Db, cap: number): Promise<number> {
  const [row] = await client.$queryRaw<{ n: number }[]>`
    select count(*)::int as n from (select 1 from workflow_execution where status = 'queued' limit ${cap}) waiting`;
  return row?.n ?? 0;
}

/** Serialises starts near the queue bound, so concurrent starts can't overshoot it together. */
export async function lockQueueBound(client: Db): Promise<void> {
  await client.$executeRaw`select pg_advisory_xact_lock(hashtext('workflow.queue-bound'))`;
}

export type NewExecution = { tenantId: string; workflowId: string; steps: StepDefinition[]; workflowType: string; input: unknown };

export async function insertExecution(client: Db, execution: NewExecution): Promise<ExecutionRow> {
  const [row] = await client.$queryRaw<ExecutionRow[]>`
    with created as (
      insert into workflow_execution (id, "tenantId", "workflowId", status, "createdAt", definition, "workflowType", input, "queuedAt")
      values (gen_random_uuid(), ${execution.tenantId}::uuid, ${execution.workflowId}::uuid, 'queued', ${UTC_NOW},
        ${json({ steps: execution.steps })}::jsonb, ${execution.workflowType}, ${execution.input === undefined ? null : json(execution.input)}::jsonb, now())
      returning *
    ), logged as (
      insert into workflow_execution_event ("executionId", "tenantId", type) select id, "tenantId", 'queued' from created
    )
    select ${executionColumns} from created e join workflow w on w.id = e."workflowId"`;
  if (!row) throw new Error("insert returned no row");
  return row;
}

/**
 * A waiting execution is cancelled at once (its job finds nothing to claim); a running one
 * gets the request, which its worker honours at the next checkpoint.
 */
export async function requestCancel(client: Db, tenantId: string, id: string): Promise<void> {
  await client.$executeRaw`
    with target as (
      select id, status from workflow_execution
      where id = ${id}::uuid and "tenantId" = ${tenantId}::uuid and status in ('queued', 'running') and "cancelRequestedAt" is null
      for update
    ), changed as (
      update workflow_execution e set
        "cancelRequestedAt" = now(),
        status = case when t.status = 'queued' then 'cancelled'::"WorkflowExecutionStatus" else e.status end,
        "finishedAt" = case when t.status = 'queued' then ${UTC_NOW} else e."finishedAt" end
      from target t where e.id = t.id
      returning e.id, e."tenantId", t.status::text as "previousStatus"
    )
    insert into workflow_execution_event ("executionId", "tenantId", type, message)
    select c.id, c."tenantId", x.type::"WorkflowEventType", x.message
    from changed c, lateral (values ('cancel_requested', null), ('cancelled', 'cancelled before it started')) as x(type, message)
    where x.type = 'cancel_requested' or c."previousStatus" = 'queued'`;
}

// ----- reading executions -----------------------------------------------------------------------

export type ExecutionRow = {
  id: string;
  tenantId: string;
  workflowId: string;
  workflowName: string;
  status: ExecutionStatus;
  attempts: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  cancelRequestedAt: Date | null;
  error: string | null;
  failedStepId: string | null;
};

const executionColumns = Prisma.sql`e.id, e."tenantId", e."workflowId", w.name as "workflowName", e.status::text as status, e.attempts, e."createdAt",
  e."startedAt", e."finishedAt", e."cancelRequestedAt", e.error, e."failedStepId"`;

export type ExecutionFilter = { status?: ExecutionStatus; workflowId?: string };

/**
 * A tenant's executions, newest first, keyed on (createdAt, id): rows sharing a timestamp are
 * neither skipped nor repeated across pages, and any page is a range scan of an index that
 * leads with the filter (workflow_execution_listing_idx, _status_listing_idx, _workflow_listing_idx).
 */
export async function listExecutions(client: Db, tenantId: string, after: { createdAt: Date; id: string } | null, limit: number, filter: ExecutionFilter = {}): Promise<ExecutionRow[]> {
  const afterKey = after ? Prisma.sql`and (e."createdAt", e.id) < (${after.createdAt}::timestamp(3), ${after.id}::uuid)` : Prisma.empty;
  const byStatus = filter.status ? Prisma.sql`and e.status = ${filter.status}::"WorkflowExecutionStatus"` : Prisma.empty;
  const byWorkflow = filter.workflowId ? Prisma.sql`and e."workflowId" = ${filter.workflowId}::uuid` : Prisma.empty;
  return client.$queryRaw<ExecutionRow[]>`
    select ${executionColumns}
    from (
      select * from workflow_execution e
      where e."tenantId" = ${tenantId}::uuid ${byStatus} ${byWorkflow} ${afterKey}
      order by e."createdAt" desc, e.id desc
      limit ${limit}
    ) e
    join workflow w on w.id = e."workflowId" and w."tenantId" = e."tenantId"
    order by e."createdAt" desc, e.id desc`;
}

export type ExecutionDetailRow = ExecutionRow & { input: unknown; output: unknown; definition: { steps?: StepDefinition[] }; deadlineAt: Date | null };

export async function findExecution(client: Db, tenantId: string, id: string): Promise<ExecutionDetailRow | null> {
  const [row] = await client.$queryRaw<ExecutionDetailRow[]>`
    select ${executionColumns}, e.input, e.output, e.definition, e."deadlineAt"
    from workflow_execution e join workflow w on w.id = e."workflowId"
    where e.id = ${id}::uuid and e."tenantId" = ${tenantId}::uuid`;
  return row ?? null;
}

export type StepRunRow = {
  stepIndex: number;
  stepId: string;
  type: string;
  status: string;
  attempts: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  output: unknown;
  error: string | null;
  checkpoints: number;
};

export async function listStepRuns(client: Db, tenantId: string, executionId: string): Promise<StepRunRow[]> {
  return client.$queryRaw<StepRunRow[]>`
    select "stepIndex", "stepId", type, status::text as status, attempts, "startedAt", "finishedAt", output, error, checkpoints
    from workflow_step_run where "executionId" = ${executionId}::uuid and "tenantId" = ${tenantId}::uuid
    order by "stepIndex"`;
}

export type EventRow = { seq: bigint; at: Date; type: string; stepId: string | null; attempt: number | null; message: string | null };

/** The newest `limit` events, returned oldest first. */
export async function listEvents(client: Db, tenantId: string, executionId: string, limit: number): Promise<EventRow[]> {
  return client.$queryRaw<EventRow[]>`
    select * from (
      select id as seq, at, type::text as type, "stepId", attempt, message from workflow_execution_event
      where "executionId" = ${executionId}::uuid and "tenantId" = ${tenantId}::uuid
      order by id desc limit ${limit}
    ) newest order by seq`;
}
