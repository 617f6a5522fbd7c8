import { z } from "@hono/zod-openapi";
import { PROCEDURE_IDS } from "./procedure";
import { BREAKER_SCOPES, FEATURE_AREAS, TIERS } from "./tiers";

// The emergency API. Pure zod: the /ops/emergency page imports the types.

export const procedureIdSchema = z.enum(PROCEDURE_IDS);
export const procedureParamsSchema = z.object({ id: procedureIdSchema });
export const runParamsSchema = z.object({ runId: z.uuid() });

const changeSchema = z.object({ label: z.string(), from: z.string(), to: z.string() });

export const procedurePreviewSchema = z
  .object({
    summary: z.string(),
    changes: z.array(changeSchema),
    warnings: z.array(z.string()),
    /** Non-empty: the procedure cannot run now. */
    blockers: z.array(z.string()),
    estimatedSeconds: z.number().nullable(),
  })
  .openapi("ProcedurePreview");
export type ProcedurePreviewOutput = z.infer<typeof procedurePreviewSchema>;

/** The procedure's own input; each procedure validates it with its schema. */
export const previewRequestSchema = z.object({ input: z.unknown().default({}) });
export type PreviewRequestInput = z.infer<typeof previewRequestSchema>;

export const runRequestSchema = z.object({
  input: z.unknown().default({}),
  /** Must equal the procedure's name, typed by the operator. */
  confirmation: z.string().max(200),
  /** Generated once per confirmation dialog; a double submit carries the same key and runs once. */
  idempotencyKey: z.string().min(8).max(100),
  dataLossAcknowledged: z.boolean().optional(),
});
export type RunRequestInput = z.infer<typeof runRequestSchema>;

export const RUN_STATUSES = ["requested", "awaiting_approval", "running", "succeeded", "failed"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ["requested", "awaiting_approval", "running"];

const actorSchema = z.object({ userId: z.string(), email: z.string() });

export const procedureRunSchema = z
  .object({
    id: z.uuid(),
    procedure: procedureIdSchema,
    procedureName: z.string(),
    status: z.enum(RUN_STATUSES),
    input: z.unknown(),
    preview: procedurePreviewSchema,
    requestedBy: actorSchema,
    approvedBy: actorSchema.nullable(),
    requiresSecondApproval: z.boolean(),
    dataLossAcknowledged: z.boolean(),
    progress: z.object({ done: z.number(), total: z.number().nullable(), message: z.string() }).nullable(),
    outcome: z.object({ changes: z.array(changeSchema), details: z.record(z.string(), z.unknown()) }).nullable(),
    error: z.string().nullable(),
    createdAt: z.iso.datetime(),
    approvedAt: z.iso.datetime().nullable(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    updatedAt: z.iso.datetime(),
  })
  .openapi("ProcedureRun");
export type ProcedureRunOutput = z.infer<typeof procedureRunSchema>;

export const runHistoryQuerySchema = z.object({
  procedure: procedureIdSchema.optional(),
  status: z.enum(RUN_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
export type RunHistoryQuery = z.infer<typeof runHistoryQuerySchema>;

export const runHistorySchema = z.object({ items: z.array(procedureRunSchema), nextCursor: z.string().nullable() }).openapi("ProcedureRunHistory");
export type RunHistoryOutput = z.infer<typeof runHistorySchema>;

export const procedureSummarySchema = z
  .object({
    id: procedureIdSchema,
    name: z.string(),
    description: z.string(),
    runbook: z.array(z.string()),
    requiresSecondApproval: z.boolean(),
    requiresDataLossAcknowledgement: z.boolean(),
    /** A sentence on the current state ("breaker off", "3 instances"); null when unknown. */
    currentState: z.string().nullable(),
    /** The run in progress or waiting for approval, if any (one at a time per procedure). */
    activeRun: procedureRunSchema.nullable(),
    lastRun: procedureRunSchema.nullable(),
  })
  .openapi("EmergencyProcedure");

export const procedureListSchema = z
  .object({
    procedures: z.array(procedureSummarySchema),
    /** Whether the viewer may run procedures (sre/admin) or only watch (manager). */
    canRun: z.boolean(),
  })
  .openapi("EmergencyProcedures");
export type ProcedureListOutput = z.infer<typeof procedureListSchema>;

// ---- overrides and the circuit breaker --------------------------------------------------------

export const overrideSchema = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    scope: z.string(),
    payload: z.record(z.string(), z.unknown()),
    owner: actorSchema,
    runId: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    /** Set once the owner was reminded it lapses soon; the page highlights the override from then on. */
    remindedAt: z.iso.datetime().nullable(),
    reminderDue: z.boolean(),
  })
  .openapi("EmergencyOverride");
export type OverrideOutput = z.infer<typeof overrideSchema>;

export const overrideListSchema = z.object({ items: z.array(overrideSchema) }).openapi("EmergencyOverrides");
export type OverrideListOutput = z.infer<typeof overrideListSchema>;

export const overrideParamsSchema = z.object({ overrideId: z.uuid() });
export const endOverrideSchema = z.object({ reason: z.string().trim().min(3).max(500) });
export type EndOverrideInput = z.infer<typeof endOverrideSchema>;

/** What any signed-in page needs to render the degraded banner and disable features. */
export const breakerStatusSchema = z
  .object({
    active: z.boolean(),
    activations: z.array(z.object({ scope: z.enum(BREAKER_SCOPES), owner: z.string(), expiresAt: z.iso.datetime() })),
    /** The feature areas switched off (every non-core page and route in them). */
    degradedAreas: z.array(z.enum(FEATURE_AREAS)),
  })
  .openapi("CircuitBreakerStatus");
export type BreakerStatusOutput = z.infer<typeof breakerStatusSchema>;

export const catalogRouteSchema = z.object({ method: z.string(), path: z.string(), tier: z.enum(TIERS), area: z.enum(FEATURE_AREAS) });

export const dependencyBreakersSchema = z
  .object({
    redis: z.object({ configured: z.boolean(), state: z.string(), detail: z.string() }),
    replicas: z.array(z.object({ name: z.string(), state: z.string(), inRotation: z.boolean(), lagSeconds: z.number().nullable(), detail: z.string() })),
  })
  .openapi("DependencyBreakers");
export type DependencyBreakersOutput = z.infer<typeof dependencyBreakersSchema>;
