import { z } from "@hono/zod-openapi";
import { TIME_RANGES, type TimeRange } from "@/lib/ops/schemas";
import { hpaPolicySchema } from "@/lib/scaling/schemas";

// The autoscaling API. Pure zod: the autoscaling page imports the types.

/** PUT /v1/ops/autoscaling/policy: the HPA spec fields, validated as Kubernetes would. */
export const updateAutoscalingPolicySchema = hpaPolicySchema;

const limitsSchema = z.object({ minReplicas: z.int(), maxReplicas: z.int() });

export const autoscalingPolicyResponseSchema = z
  .object({
    /** The policy as its author wrote it (or the guide's, sized to this machine, until one is saved). */
    policy: hpaPolicySchema,
    source: z.enum(["stored", "default"]),
    updatedAt: z.iso.datetime().nullable(),
    updatedBy: z.string().nullable(),
    /** APP_MIN/MAX_INSTANCES: the local orchestrator never runs fewer or more. */
    localLimits: limitsSchema,
    /** The policy's min/max clamped to the local limits: what the running autoscaler uses. */
    effective: limitsSchema,
    permissions: z.object({ canEdit: z.boolean(), reason: z.string().nullable() }),
  })
  .openapi("AutoscalingPolicy");
export type AutoscalingPolicyResponse = z.infer<typeof autoscalingPolicyResponseSchema>;

export const updateAutoscalingPolicyResponseSchema = autoscalingPolicyResponseSchema
  .extend({
    /** The audit entry the change wrote; null when nothing changed. */
    audit: z.object({ id: z.string(), at: z.iso.datetime() }).nullable(),
  })
  .openapi("AutoscalingPolicyUpdated");
export type UpdateAutoscalingPolicyResponse = z.infer<typeof updateAutoscalingPolicyResponseSchema>;

export const autoscalingHistoryQuerySchema = z.object({
  range: z.enum(Object.keys(TIME_RANGES) as [TimeRange, ...TimeRange[]]).default("1h"),
});
export type AutoscalingHistoryQuery = z.infer<typeof autoscalingHistoryQuerySchema>;

export const autoscalingHistoryResponseSchema = z
  .object({
    range: z.string(),
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    stepSeconds: z.number(),
    /** What one instance requests: 100 % utilization in the HPA's terms. */
    requests: z.object({ cpuMilliPerInstance: z.number(), memoryBytesPerInstance: z.number() }),
    /** Per step: [epoch ms, CPU used (millicores, all instances), memory used (bytes), instances (null: no sample)]. */
    points: z.array(z.tuple([z.number(), z.number(), z.number(), z.number().nullable()])),
  })
  .openapi("AutoscalingHistory");
export type AutoscalingHistoryResponse = z.infer<typeof autoscalingHistoryResponseSchema>;

export const autoscalingPauseInputSchema = z
  .object({
    /** How long the pause lasts unless resumed first (the override's expiry). */
    minutes: z.number().int().min(1).max(1440).default(60),
    reason: z.string().trim().min(1, "say why autoscaling is paused").max(500),
  })
  .openapi("AutoscalingPauseInput");
export type AutoscalingPauseInput = z.infer<typeof autoscalingPauseInputSchema>;

export const autoscalingPauseSchema = z
  .object({ id: z.uuid(), owner: z.string(), reason: z.string(), createdAt: z.iso.datetime(), expiresAt: z.iso.datetime() })
  .openapi("AutoscalingPause");
export type AutoscalingPauseOutput = z.infer<typeof autoscalingPauseSchema>;
