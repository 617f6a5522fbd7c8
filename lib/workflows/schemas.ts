import { z } from "@hono/zod-openapi";

/*
 * The workflow API's contract: definitions, executions (list, detail, timeline) and the ops
 * queue view. Pure zod, safe to import from client components.
 */

// ---------------------------------------------------------------------------------------------
// Definitions
// ---------------------------------------------------------------------------------------------

export const STEP_TYPES = ["delay", "http", "transform", "fail"] as const;
export type StepType = (typeof STEP_TYPES)[number];

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Upper bounds keep one definition small enough to load per step without thinking about it. */
export const MAX_STEPS = 50;
const MAX_DELAY_MS = 24 * 60 * 60 * 1000;
const MAX_HTTP_TIMEOUT_MS = 60 * 60 * 1000;
const MAX_JSON_BYTES = 64 * 1024;

const jsonSizeOk = (value: unknown) => value === undefined || JSON.stringify(value).length <= MAX_JSON_BYTES;
const jsonValueSchema = z.unknown().refine(jsonSizeOk, `at most ${MAX_JSON_BYTES} bytes as JSON`);

const delayConfigSchema = z.strictObject({
  ms: z.number().int().min(0).max(MAX_DELAY_MS),
});

/** What the API shows for a secret header's value; saved back, it keeps the stored value. */
export const REDACTED_HEADER_VALUE = "[redacted]";

const headerNameSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9-]+$/, "a header name: letters, digits and dashes");

const httpConfigSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: "an http:// or https:// URL" }).max(2048),
  method: z.enum(HTTP_METHODS),
  // Up to 6 KB, so a 4 KB secret still fits once encrypted (secret-crypto.ts).
  headers: z.record(headerNameSchema, z.string().max(6144)).optional(),
  /** Headers to keep secret besides those whose names say so (Authorization, *-Token, *-Key). */
  secretHeaders: z.array(headerNameSchema).max(50).optional(),
  body: jsonValueSchema.optional(),
  timeoutMs: z.number().int().min(1).max(MAX_HTTP_TIMEOUT_MS),
});

/**
 * A declarative transform: each output field is a literal, or a string template whose
 * `{{path}}` placeholders read the previous step's output (`{{user.name}}`, `{{items.0.id}}`);
 * `{{$input.path}}` reads the execution's input. A template that is exactly one placeholder keeps
 * the value's type (pick/rename); anything else interpolates into a string. Nothing is evaluated.
 */
export const transformExpressionSchema = z.record(
  z.string().min(1).max(64).regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an output field name: letters, digits and underscores"),
  z.union([z.string().max(4096), z.number(), z.boolean(), z.null()]),
);
const transformConfigSchema = z.strictObject({
  expression: transformExpressionSchema.refine((expr) => Object.keys(expr).length > 0, "name at least one output field"),
});

const failConfigSchema = z.strictObject({
  message: z.string().min(1).max(500),
  /** Fail only the first N attempts, then succeed (for exercising retries); absent: always fail. */
  times: z.number().int().min(1).max(100).optional(),
});

const stepIdSchema = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9-]*$/, "a slug: lowercase letters, digits and dashes");

export const stepDefinitionSchema = z.discriminatedUnion("type", [
  z.strictObject({ id: stepIdSchema, type: z.literal("delay"), config: delayConfigSchema }),
  z.strictObject({ id: stepIdSchema, type: z.literal("http"), config: httpConfigSchema }),
  z.strictObject({ id: stepIdSchema, type: z.literal("transform"), config: transformConfigSchema }),
  z.strictObject({ id: stepIdSchema, type: z.literal("fail"), config: failConfigSchema }),
]);
export type StepDefinition = z.infer<typeof stepDefinitionSchema>;

export const workflowDefinitionSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    description: z.string().max(2000).optional(),
    steps: z.array(stepDefinitionSchema).min(1).max(MAX_STEPS),
  })
  .superRefine((definition, issue) => {
    const seen = new Set<string>();
    definition.steps.forEach((step, index) => {
      if (seen.has(step.id)) issue.addIssue({ code: "custom", path: ["steps", index, "id"], message: `duplicate step id "${step.id}"` });
      seen.add(step.id);
    });
  })
  .openapi("WorkflowDefinitionInput");
export type WorkflowDefinitionInput = z.infer<typeof workflowDefinitionSchema>;

export const workflowParamsSchema = z.object({ id: z.uuid() });

export const listWorkflowsQuerySchema = z.object({
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type ListWorkflowsInput = z.infer<typeof listWorkflowsQuerySchema>;

export const workflowSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    steps: z.array(stepDefinitionSchema),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi("Workflow");
export type WorkflowOutput = z.infer<typeof workflowSchema>;

export const workflowPageSchema = z.object({ items: z.array(workflowSchema), nextCursor: z.string().nullable() }).openapi("WorkflowPage");

/** Newest first: creation time, then id. */
export const workflowCursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

export const deletedSchema = z.object({ id: z.uuid(), deleted: z.literal(true) }).openapi("WorkflowDeleted");

// ---------------------------------------------------------------------------------------------
// Executions
// ---------------------------------------------------------------------------------------------

/**
 * queued: waiting for a worker (or for a slot under the global running limit); running: a worker
 * holds its lease; failed: retries exhausted or timed out; failed executions are the dead-letter
 * queue until an sre retries them (back to queued, resuming after the last completed step).
 */
export const EXECUTION_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export const executionStatusSchema = z.enum(EXECUTION_STATUSES);

export const STEP_STATUSES = ["pending", "running", "succeeded", "failed", "skipped"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const startExecutionSchema = z.strictObject({ input: jsonValueSchema.optional() }).openapi("StartExecutionInput");
export type StartExecutionInput = z.infer<typeof startExecutionSchema>;

export const executionParamsSchema = z.object({ id: z.uuid() });

export const listExecutionsQuerySchema = z.object({
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  status: executionStatusSchema.optional(),
  workflowId: z.uuid().optional(),
});
export type ListExecutionsInput = z.infer<typeof listExecutionsQuerySchema>;

export const executionSummarySchema = z
  .object({
    id: z.uuid(),
    workflowId: z.uuid(),
    workflowName: z.string(),
    status: executionStatusSchema,
    /** Runs of this execution: a worker pick-up, a resume after a dead worker, an operator retry. */
    attempts: z.number().int(),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    durationMs: z.number().nullable(),
    cancelRequested: z.boolean(),
    error: z.string().nullable(),
  })
  .openapi("ExecutionSummary");
export type ExecutionSummaryOutput = z.infer<typeof executionSummarySchema>;

export const executionPageSchema = z.object({ items: z.array(executionSummarySchema), nextCursor: z.string().nullable() }).openapi("ExecutionPage");

/** Newest first: creation time, then id as the tie-breaker for rows created in the same ms. */
export const executionCursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

export const executionStepSchema = z
  .object({
    stepId: z.string(),
    type: z.enum(STEP_TYPES),
    status: z.enum(STEP_STATUSES),
    attempts: z.number().int(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    durationMs: z.number().nullable(),
    output: z.unknown(),
    error: z.string().nullable(),
    checkpoints: z.number().int(),
  })
  .openapi("ExecutionStep");
export type ExecutionStepOutput = z.infer<typeof executionStepSchema>;

export const EXECUTION_EVENT_TYPES = [
  "queued",
  "started",
  "resumed",
  "step_started",
  "step_succeeded",
  "step_failed",
  "step_retry_scheduled",
  "checkpoint",
  "cancel_requested",
  "cancelled",
  "succeeded",
  "failed",
  "timed_out",
  "retried_by_operator",
] as const;
export type ExecutionEventType = (typeof EXECUTION_EVENT_TYPES)[number];

export const executionEventSchema = z
  .object({
    seq: z.number().int(),
    at: z.iso.datetime(),
    type: z.enum(EXECUTION_EVENT_TYPES),
    stepId: z.string().nullable(),
    attempt: z.number().int().nullable(),
    message: z.string().nullable(),
  })
  .openapi("ExecutionEvent");
export type ExecutionEventOutput = z.infer<typeof executionEventSchema>;

/** The detail keeps the newest events when a long run has more than this. */
export const MAX_DETAIL_EVENTS = 500;

export const executionDetailSchema = executionSummarySchema
  .extend({
    input: z.unknown(),
    output: z.unknown(),
    /** The run gives up at this time (workflow timeout), null while queued. */
    deadlineAt: z.iso.datetime().nullable(),
    steps: z.array(executionStepSchema),
    events: z.array(executionEventSchema),
    eventsTruncated: z.boolean(),
  })
  .openapi("ExecutionDetail");
export type ExecutionDetailOutput = z.infer<typeof executionDetailSchema>;

// ---------------------------------------------------------------------------------------------
// Ops: the queue view, dead letters
// ---------------------------------------------------------------------------------------------

const windowStatsSchema = z.object({
  succeeded: z.number().int(),
  failed: z.number().int(),
  /** Step attempts that failed and were scheduled again. */
  retries: z.number().int(),
  throughputPerSecond: z.number(),
});

export const workflowOpsSummarySchema = z
  .object({
    sampledAt: z.iso.datetime(),
    /** Executions waiting for a worker, against the bound beyond which starts get 503. */
    depth: z.number().int(),
    depthLimit: z.number().int(),
    oldestWaitingAgeSeconds: z.number().nullable(),
    /** Executions holding one of the global running slots, against the number of slots. */
    running: z.number().int(),
    runningLimit: z.number().int(),
    deadLetterCount: z.number().int(),
    windows: z.object({ last5m: windowStatsSchema, last1h: windowStatsSchema }),
    workers: z.array(z.object({ id: z.string(), host: z.string(), pid: z.number().int(), running: z.number().int(), concurrency: z.number().int(), lastSeenAt: z.iso.datetime() })),
  })
  .openapi("WorkflowOpsSummary");
export type WorkflowOpsSummaryOutput = z.infer<typeof workflowOpsSummarySchema>;

export const listDeadLettersQuerySchema = z.object({
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type ListDeadLettersInput = z.infer<typeof listDeadLettersQuerySchema>;

export const deadLetterSchema = executionSummarySchema
  .extend({
    tenantId: z.uuid(),
    tenantName: z.string(),
    failedStepId: z.string().nullable(),
  })
  .openapi("DeadLetter");
export type DeadLetterOutput = z.infer<typeof deadLetterSchema>;

/** What an operator needs to judge a dead letter: the failing step, each failed attempt, and what that step was given. */
export const deadLetterDetailSchema = deadLetterSchema
  .extend({
    failedStep: z
      .object({ index: z.number().int(), stepId: z.string(), type: z.string(), attempts: z.number().int(), error: z.string().nullable(), startedAt: z.iso.datetime().nullable(), finishedAt: z.iso.datetime().nullable() })
      .nullable(),
    failedAttempts: z.array(z.object({ attempt: z.number().int().nullable(), at: z.iso.datetime(), message: z.string().nullable() })),
    /** The input the failing step read: the execution's input for the first step, else the previous step's output. */
    stepInput: z.unknown(),
    /** Set when the input was larger than shown: `stepInput` is then the first part of its JSON text. */
    stepInputTruncated: z.boolean(),
  })
  .openapi("DeadLetterDetail");
export type DeadLetterDetailOutput = z.infer<typeof deadLetterDetailSchema>;

export const deadLetterPageSchema = z.object({ items: z.array(deadLetterSchema), nextCursor: z.string().nullable() }).openapi("DeadLetterPage");

/** Newest failure first: finish time, then id. */
export const deadLetterCursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

/**
 * dryRun: only count. Otherwise `confirmCount` must equal the count right now (what the operator
 * previewed), or nothing is retried and the answer is 409 with the current count.
 */
export const retryDeadLettersSchema = z
  .strictObject({ dryRun: z.boolean(), confirmCount: z.number().int().min(0).optional() })
  .refine((input) => input.dryRun || input.confirmCount !== undefined, { path: ["confirmCount"], message: "required unless dryRun: the count you previewed" })
  .openapi("RetryDeadLettersInput");
export type RetryDeadLettersInput = z.infer<typeof retryDeadLettersSchema>;

export const retryDeadLettersResultSchema = z.object({ dryRun: z.boolean(), count: z.number().int(), retried: z.number().int() }).openapi("RetryDeadLettersResult");
export type RetryDeadLettersOutput = z.infer<typeof retryDeadLettersResultSchema>;
