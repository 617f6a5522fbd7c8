import { z } from "@hono/zod-openapi";
import { CHECK_IDS, CHECKLIST_KINDS } from "./templates";

// The checklists API. Pure zod: the checklists page imports the types.

const reasonSchema = z.string().trim().min(3, "say why in a few words").max(500);
const httpLinkSchema = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  .max(2000);

export const createEventSchema = z.object({ reason: reasonSchema }).strict().openapi("ScalingEventInput");
export type CreateEventInput = z.infer<typeof createEventSchema>;

export const updateItemSchema = z
  .object({
    done: z.boolean(),
    note: z.string().trim().max(2000).nullable().optional(),
    link: httpLinkSchema.nullable().optional(),
    /** Freeze the key metrics as they are now into the item. */
    attachMetrics: z.boolean().optional(),
  })
  .strict()
  .openapi("ChecklistItemUpdate");
export type UpdateItemInput = z.infer<typeof updateItemSchema>;

export const reopenSchema = z.object({ reason: reasonSchema }).strict().openapi("ChecklistReopenInput");
export type ReopenInput = z.infer<typeof reopenSchema>;

export const drillInputSchema = z
  .object({ kind: z.enum(["promotion", "replica_failure"]), succeeded: z.boolean(), summary: z.string().trim().min(3).max(500) })
  .strict()
  .openapi("DrillInput");
export type DrillInput = z.infer<typeof drillInputSchema>;

export const loadTestInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    requestsPerSecond: z.number().min(0).max(10_000_000),
    p95Seconds: z.number().min(0).max(3600),
    errorRatio: z.number().min(0).max(1),
    durationSeconds: z.int().min(1).max(86_400),
    notes: z.string().trim().max(2000).optional(),
  })
  .strict()
  .openapi("LoadTestInput");
export type LoadTestInput = z.infer<typeof loadTestInputSchema>;

export const eventParamsSchema = z.object({ id: z.uuid() });
export const runParamsSchema = z.object({ runId: z.uuid() });
export const itemParamsSchema = z.object({ runId: z.uuid(), key: z.string().regex(/^[a-z0-9-]{1,64}$/) });
export const eventsQuerySchema = z.object({ cursor: z.string().max(300).optional(), limit: z.coerce.number().int().min(1).max(50).default(20) });
export type EventsQuery = z.infer<typeof eventsQuerySchema>;

const verificationSchema = z.object({
  check: z.enum(CHECK_IDS),
  description: z.string(),
  query: z.string(),
  window: z.object({ from: z.string(), to: z.string() }).nullable(),
  value: z.unknown(),
  passed: z.boolean(),
  detail: z.string(),
  at: z.string(),
});
export type VerificationOutput = z.infer<typeof verificationSchema>;

const keyMetricsSchema = z.object({
  at: z.string(),
  source: z.string(),
  window: z.string(),
  metrics: z.array(z.object({ key: z.string(), label: z.string(), unit: z.string(), value: z.number().nullable(), state: z.string() })),
});

export const itemOutputSchema = z.object({
  key: z.string(),
  label: z.string(),
  check: z.enum(CHECK_IDS).nullable(),
  checkDescription: z.string().nullable(),
  done: z.boolean(),
  doneAt: z.string().nullable(),
  doneBy: z.string().nullable(),
  note: z.string().nullable(),
  link: z.string().nullable(),
  metrics: keyMetricsSchema.nullable(),
  verification: verificationSchema.nullable(),
});
export type ItemOutput = z.infer<typeof itemOutputSchema>;

export const runOutputSchema = z
  .object({
    id: z.uuid(),
    eventId: z.uuid(),
    kind: z.enum(CHECKLIST_KINDS),
    title: z.string(),
    revision: z.int(),
    status: z.enum(["open", "signed"]),
    openedAt: z.string(),
    openedBy: z.string(),
    reopenReason: z.string().nullable(),
    signedAt: z.string().nullable(),
    signedBy: z.string().nullable(),
    evidenceDigest: z.string().nullable(),
    /** The stored evidence bundle still hashes to the recorded digest (null while unsigned). */
    digestMatches: z.boolean().nullable(),
    signAuditId: z.string().nullable(),
    progress: z.object({ done: z.int(), total: z.int() }),
    openItems: z.array(z.string()),
    items: z.array(itemOutputSchema),
  })
  .openapi("ChecklistRun");
export type RunOutput = z.infer<typeof runOutputSchema>;

const eventSchema = z.object({ id: z.uuid(), reason: z.string(), source: z.string(), openedAt: z.string(), openedBy: z.string(), details: z.unknown().nullable() });

const checklistSummarySchema = z.object({ kind: z.enum(CHECKLIST_KINDS), title: z.string(), revision: z.int(), status: z.enum(["open", "signed"]), done: z.int(), total: z.int() });

export const eventSummarySchema = eventSchema.extend({
  progress: z.object({ done: z.int(), total: z.int(), signed: z.int(), checklists: z.int() }),
  checklists: z.array(checklistSummarySchema),
});
export type EventSummary = z.infer<typeof eventSummarySchema>;

export const eventsPageSchema = z.object({ items: z.array(eventSummarySchema), nextCursor: z.string().nullable() }).openapi("ScalingEventPage");
export type EventsPage = z.infer<typeof eventsPageSchema>;

const drillOutputSchema = z.object({ id: z.uuid(), kind: z.string(), at: z.string(), succeeded: z.boolean(), summary: z.string(), recordedBy: z.string() });
export type DrillOutput = z.infer<typeof drillOutputSchema>;
const loadTestOutputSchema = z.object({
  id: z.uuid(),
  at: z.string(),
  name: z.string(),
  requestsPerSecond: z.number(),
  p95Seconds: z.number(),
  errorRatio: z.number(),
  durationSeconds: z.int(),
  notes: z.string().nullable(),
  recordedBy: z.string(),
});
export type LoadTestOutput = z.infer<typeof loadTestOutputSchema>;

const permissionsSchema = z.object({
  canEdit: z.boolean(),
  editReason: z.string().nullable(),
  canSignOff: z.boolean(),
  signOffReason: z.string().nullable(),
  canReopen: z.boolean(),
});

export const eventDetailSchema = z
  .object({
    event: eventSchema,
    progress: z.object({ done: z.int(), total: z.int(), signed: z.int(), checklists: z.int() }),
    checklists: z.array(z.object({ kind: z.enum(CHECKLIST_KINDS), title: z.string(), current: runOutputSchema, history: z.array(runOutputSchema) })),
    permissions: permissionsSchema,
    recentDrills: z.array(drillOutputSchema),
    recentLoadTests: z.array(loadTestOutputSchema),
  })
  .openapi("ScalingEventDetail");
export type EventDetail = z.infer<typeof eventDetailSchema>;

export const drillOutputResponseSchema = drillOutputSchema.openapi("Drill");
export const loadTestOutputResponseSchema = loadTestOutputSchema.openapi("LoadTestResult");
