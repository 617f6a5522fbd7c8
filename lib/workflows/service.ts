import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import { cacheKeys, cacheTags, getOrLoad, invalidateKey } from "@/lib/cache";
import type { DbAccess } from "@/lib/db/access";
import { noteAcknowledged } from "@/lib/db/acknowledged-writes";
import { decodeCursor, toPage, type Page } from "@/lib/db/cursor";
import { checkUrl, EgressDeniedError, loadWorkflowEgressPolicy } from "@/lib/egress";
import { env } from "@/lib/env";
import { ConflictError, NotFoundError, UnavailableError, ValidationError } from "@/lib/http/errors";
import { announceQueuedRuns } from "./job-queue";
import { assertTenantWaitingQuota, takeStartToken } from "./quotas";
import {
  countActiveExecutions,
  countWaitingUpTo,
  deleteWorkflowRow,
  findExecution,
  findWorkflow,
  insertExecution,
  insertWorkflow,
  listEvents,
  listExecutions,
  listStepRuns,
  listWorkflowRows,
  lockQueueBound,
  requestCancel,
  updateWorkflowRow,
  type ExecutionRow,
  type StepRunRow,
  type WorkflowRow,
} from "./repo";
import { workflowTypeOf } from "./rules";
import { workflowSecretsKey } from "./secret-crypto";
import { keepStoredSecrets, redactSecretHeaders, sealSecretHeaders } from "./secret-headers";
import {
  executionCursorSchema,
  MAX_DETAIL_EVENTS,
  stepDefinitionSchema,
  workflowCursorSchema,
  type ExecutionDetailOutput,
  type ExecutionEventType,
  type ExecutionStepOutput,
  type ExecutionSummaryOutput,
  type ListExecutionsInput,
  type ListWorkflowsInput,
  type StartExecutionInput,
  type StepDefinition,
  type StepStatus,
  type WorkflowDefinitionInput,
  type WorkflowOutput,
} from "./schemas";

type Ctx = { tenantId: string; db: DbAccess };
/** Who changes a definition, for its audit entry. */
type WriteCtx = Ctx & { requestId: string; viewer: { user: { id: string; email: string } } };

/** Starts within this many of the bound take a lock so concurrent starts can't overshoot it. */
const QUEUE_BOUND_LOCK_MARGIN = 500;
/** What a refused start is told: roughly how long workers take to make room. */
const QUEUE_FULL_RETRY_AFTER_SECONDS = 5;

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const storedStepsSchema = z.object({ steps: z.array(stepDefinitionSchema) });

/** Stored definitions predating the step format (or hand-edited) read as having no steps. */
function stepsOf(definition: unknown): StepDefinition[] {
  const parsed = storedStepsSchema.safeParse(definition);
  return parsed.success ? parsed.data.steps : [];
}

function toWorkflowOutput(row: WorkflowRow): WorkflowOutput {
  return { id: row.id, name: row.name, description: row.description, steps: redactSecretHeaders(stepsOf(row.definition)), createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

// ----- definitions -------------------------------------------------------------------------------

export async function listWorkflows(ctx: Ctx, input: ListWorkflowsInput): Promise<Page<WorkflowOutput>> {
  const after = input.cursor ? decodeCursor(input.cursor, workflowCursorSchema) : null;
  const key = after ? { createdAt: new Date(after[0]), id: after[1] } : null;
  const rows = await ctx.db.read((client) => listWorkflowRows(client, ctx.tenantId, key, input.limit + 1));
  return toPage(rows, input.limit, toWorkflowOutput, (row) => [row.createdAt.toISOString(), row.id]);
}

/**
 * From the cache (the redacted output, never a stored secret); updates and deletes invalidate it
 * on every instance. A miss reads the primary: it often follows a write, and a lagging replica's
 * copy would be cached for the whole TTL.
 */
export async function getWorkflow(ctx: Ctx, id: string): Promise<WorkflowOutput> {
  const workflow = await getOrLoad(
    cacheKeys.workflowDefinition(ctx.tenantId, id),
    async () => {
      const row = await ctx.db.readFresh((client) => findWorkflow(client, ctx.tenantId, id));
      return row ? toWorkflowOutput(row) : null;
    },
    { tags: [cacheTags.workflows(ctx.tenantId)] },
  );
  if (!workflow) throw new NotFoundError(`no workflow ${id}`);
  return workflow;
}

const toData = (input: WorkflowDefinitionInput) => ({ name: input.name, description: input.description ?? "", steps: input.steps });

/**
 * A step URL the tenant's egress policy refuses is refused at save time, naming the field and
 * the rule (what DNS answers is checked again when the step runs, as are redirects).
 */
async function assertUrlsAllowed(ctx: Ctx, steps: StepDefinition[]): Promise<void> {
  if (!steps.some((step) => step.type === "http")) return;
  const policy = await loadWorkflowEgressPolicy(ctx.db.primary, ctx.tenantId);
  const errors = steps.flatMap((step, index) => {
    if (step.type !== "http") return [];
    try {
      checkUrl(new URL(step.config.url), policy);
      return [];
    } catch (error) {
      if (!(error instanceof EgressDeniedError)) throw error;
      return [{ path: `steps.${index}.config.url`, message: error.message, rule: error.rule }];
    }
  });
  if (errors.length > 0) throw new ValidationError(`${errors[0]!.path}: ${errors[0]!.message}`, { extra: { errors } });
}

/** What the audit log keeps of a definition: never a header secret. */
function auditedDefinition(row: WorkflowRow) {
  return { name: row.name, description: row.description, steps: redactSecretHeaders(stepsOf(row.definition)) } as unknown as Prisma.InputJsonValue;
}

async function recordWorkflowAudit(tx: Prisma.TransactionClient, ctx: WriteCtx, action: string, id: string, before: WorkflowRow | null, after: WorkflowRow | null) {
  await recordAudit(tx, {
    actorUserId: ctx.viewer.user.id,
    actorEmail: ctx.viewer.user.email,
    tenantId: ctx.tenantId,
    action,
    target: `workflow:${id}`,
    before: before ? auditedDefinition(before) : null,
    after: after ? auditedDefinition(after) : null,
    requestId: ctx.requestId,
  });
}

export async function createWorkflow(ctx: WriteCtx, input: WorkflowDefinitionInput): Promise<WorkflowOutput> {
  await assertUrlsAllowed(ctx, input.steps);
  const data = toData(input);
  const row = await ctx.db.primary.$transaction(async (tx) => {
    const created = await insertWorkflow(tx, ctx.tenantId, { ...data, steps: sealSecretHeaders(data.steps, workflowSecretsKey()) });
    await recordWorkflowAudit(tx, ctx, "workflow.create", created.id, null, created);
    return created;
  });
  return toWorkflowOutput(row);
}

/**
 * Running executions keep the steps they started with; the change applies to later starts.
 * Header secrets sent back as the redaction placeholder keep their stored values.
 */
export async function updateWorkflow(ctx: WriteCtx, id: string, input: WorkflowDefinitionInput): Promise<WorkflowOutput> {
  await assertUrlsAllowed(ctx, input.steps);
  const row = await ctx.db.primary.$transaction(async (tx) => {
    const before = await findWorkflow(tx, ctx.tenantId, id);
    if (!before) throw new NotFoundError(`no workflow ${id}`);
    const data = toData(input);
    const steps = sealSecretHeaders(keepStoredSecrets(data.steps, stepsOf(before.definition)), workflowSecretsKey());
    const updated = await updateWorkflowRow(tx, ctx.tenantId, id, { ...data, steps });
    if (!updated) throw new NotFoundError(`no workflow ${id}`);
    await recordWorkflowAudit(tx, ctx, "workflow.update", id, before, updated);
    return updated;
  });
  await invalidateKey(cacheKeys.workflowDefinition(ctx.tenantId, id));
  return toWorkflowOutput(row);
}

/** Deleting removes the workflow's history too, so it waits until nothing is queued or running. */
export async function deleteWorkflow(ctx: WriteCtx, id: string): Promise<{ id: string; deleted: true }> {
  const deleted = await ctx.db.primary.$transaction(async (tx) => {
    const before = await findWorkflow(tx, ctx.tenantId, id);
    if (!before) throw new NotFoundError(`no workflow ${id}`);
    const active = await countActiveExecutions(tx, ctx.tenantId, id);
    if (active > 0) throw new ConflictError(`workflow ${id} has ${active} queued or running execution${active === 1 ? "" : "s"}; cancel them or wait`);
    await deleteWorkflowRow(tx, ctx.tenantId, id);
    await recordWorkflowAudit(tx, ctx, "workflow.delete", id, before, null);
    return { id, deleted: true as const };
  });
  await invalidateKey(cacheKeys.workflowDefinition(ctx.tenantId, id));
  return deleted;
}

// ----- executions -------------------------------------------------------------------------------

export function toExecutionSummary(row: ExecutionRow): ExecutionSummaryOutput {
  return {
    id: row.id,
    workflowId: row.workflowId,
    workflowName: row.workflowName,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    durationMs: row.startedAt && row.finishedAt ? row.finishedAt.getTime() - row.startedAt.getTime() : null,
    cancelRequested: row.cancelRequestedAt !== null,
    error: row.error,
  };
}

/**
 * Writes the execution, which is its own queue entry. Refused before anything is written: a
 * person over the start rate or a tenant at its waiting quota (429), a full queue (503).
 */
export async function startExecution(ctx: Ctx & { viewer?: { user: { id: string } } }, workflowId: string, input: StartExecutionInput): Promise<ExecutionSummaryOutput> {
  const workflow = await findWorkflow(ctx.db.primary, ctx.tenantId, workflowId);
  if (!workflow) throw new NotFoundError(`no workflow ${workflowId}`);
  const steps = stepsOf(workflow.definition);
  if (steps.length === 0) throw new ValidationError(`workflow ${workflowId} has no valid steps; save its definition again`);
  const config = env();
  const maxWaiting = config.WORKFLOW_QUEUE_MAX_SIZE;
  const row = await ctx.db.primary.$transaction(async (tx) => {
    // The person's start rate, then the tenant's own quota (429), then the shared bound (503).
    if (ctx.viewer) await takeStartToken(tx, ctx.viewer.user.id, config.WORKFLOW_USER_START_RATE, config.WORKFLOW_USER_START_BURST);
    await assertTenantWaitingQuota(tx, ctx.tenantId, config.WORKFLOW_TENANT_MAX_WAITING);
    let waiting = await countWaitingUpTo(tx, maxWaiting);
    if (waiting >= maxWaiting - QUEUE_BOUND_LOCK_MARGIN) {
      await lockQueueBound(tx);
      waiting = await countWaitingUpTo(tx, maxWaiting);
    }
    if (waiting >= maxWaiting) throw new UnavailableError(`the workflow queue is full (${maxWaiting} executions waiting); try again shortly`, QUEUE_FULL_RETRY_AFTER_SECONDS);
    const created = await insertExecution(tx, { tenantId: ctx.tenantId, workflowId, steps, workflowType: workflowTypeOf(steps), input: input.input });
    await announceQueuedRuns(tx, 1);
    return created;
  });
  noteAcknowledged("executions"); // committed: at risk in a failover until the replica has it
  return toExecutionSummary(row);
}

export async function listWorkflowExecutions(ctx: Ctx, input: ListExecutionsInput): Promise<Page<ExecutionSummaryOutput>> {
  const after = input.cursor ? decodeCursor(input.cursor, executionCursorSchema) : null;
  const key = after ? { createdAt: new Date(after[0]), id: after[1] } : null;
  const rows = await ctx.db.read((client) => listExecutions(client, ctx.tenantId, key, input.limit + 1, { status: input.status, workflowId: input.workflowId }));
  return toPage(rows, input.limit, toExecutionSummary, (row) => [row.createdAt.toISOString(), row.id]);
}

function toStep(definition: StepDefinition, run: StepRunRow | undefined, executionEnded: boolean): ExecutionStepOutput {
  const pendingStatus: StepStatus = executionEnded ? "skipped" : "pending";
  return {
    stepId: definition.id,
    type: definition.type,
    status: run ? (run.status as StepStatus) : pendingStatus,
    attempts: run?.attempts ?? 0,
    startedAt: iso(run?.startedAt ?? null),
    finishedAt: iso(run?.finishedAt ?? null),
    durationMs: run?.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
    output: run?.output ?? null,
    error: run?.error ?? null,
    checkpoints: run?.checkpoints ?? 0,
  };
}

/** The detail reads the primary: a live timeline must not lag behind by a replica's delay. */
export async function getExecution(ctx: Ctx, id: string): Promise<ExecutionDetailOutput> {
  const client = ctx.db.primary;
  const row = await findExecution(client, ctx.tenantId, id);
  if (!row) throw new NotFoundError(`no workflow execution ${id}`);
  const [runs, events] = await Promise.all([listStepRuns(client, ctx.tenantId, id), listEvents(client, ctx.tenantId, id, MAX_DETAIL_EVENTS + 1)]);
  const ended = row.status === "succeeded" || row.status === "failed" || row.status === "cancelled";
  const byIndex = new Map(runs.map((run) => [run.stepIndex, run]));
  const steps = stepsOf(row.definition);
  const shownEvents = events.slice(-MAX_DETAIL_EVENTS);
  return {
    ...toExecutionSummary(row),
    input: row.input ?? null,
    output: ended ? (row.output ?? null) : null,
    deadlineAt: iso(row.deadlineAt),
    steps: steps.map((step, index) => toStep(step, byIndex.get(index), ended)),
    events: shownEvents.map((event) => ({
      seq: Number(event.seq),
      at: event.at.toISOString(),
      type: event.type as ExecutionEventType,
      stepId: event.stepId,
      attempt: event.attempt,
      message: event.message,
    })),
    eventsTruncated: events.length > MAX_DETAIL_EVENTS,
  };
}

export async function cancelExecution(ctx: Ctx, id: string): Promise<ExecutionSummaryOutput> {
  await requestCancel(ctx.db.primary, ctx.tenantId, id);
  const row = await findExecution(ctx.db.primary, ctx.tenantId, id);
  if (!row) throw new NotFoundError(`no workflow execution ${id}`);
  if (row.status !== "cancelled" && row.cancelRequestedAt === null) throw new ConflictError(`workflow execution ${id} has already ${row.status === "failed" ? "failed" : "succeeded"}`);
  return toExecutionSummary(row);
}

