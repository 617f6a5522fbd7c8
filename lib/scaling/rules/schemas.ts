import { z } from "@hono/zod-openapi";
import { TIME_RANGES, type TimeRange } from "@/lib/ops/schemas";
import { comparatorSchema, scalingActionSchema, scalingMetricSchema, thresholdRuleSchema } from "../schemas";

// The threshold-rules API. Pure zod: the thresholds page imports the types.

/** PUT /v1/ops/rules/{id}: the editable fields, all given (metric, comparator and action are fixed). */
export const updateRuleSchema = thresholdRuleSchema
  .pick({ threshold: true, forSeconds: true, keepFiringForSeconds: true, severity: true })
  .extend({ enabled: z.boolean() })
  .strict()
  .openapi("ScalingRuleUpdate");
export type UpdateRuleInput = z.infer<typeof updateRuleSchema>;

export const ruleParamsSchema = z.object({ id: thresholdRuleSchema.shape.id });

export const ruleHistoryQuerySchema = z.object({
  range: z.enum(Object.keys(TIME_RANGES) as [TimeRange, ...TimeRange[]]).default("1h"),
});
export type RuleHistoryQuery = z.infer<typeof ruleHistoryQuerySchema>;

const alertStateSchema = z.enum(["inactive", "pending", "firing"]);

export const ruleOutputSchema = z
  .object({
    id: z.string(),
    metric: scalingMetricSchema,
    /** The sampled signal the rule reads (lib/metrics/signals.ts). */
    signal: z.string(),
    label: z.string(),
    unit: z.enum(["percent", "seconds"]),
    comparator: comparatorSchema,
    threshold: z.number(),
    thresholdRange: z.object({ min: z.number(), max: z.number() }),
    forSeconds: z.int(),
    keepFiringForSeconds: z.int(),
    severity: z.enum(["warning", "critical"]),
    action: scalingActionSchema,
    enabled: z.boolean(),
    updatedAt: z.iso.datetime(),
    alert: z.object({
      state: alertStateSchema,
      activeAt: z.iso.datetime().nullable(),
      keepFiringSince: z.iso.datetime().nullable(),
      resolvedAt: z.iso.datetime().nullable(),
      /** The value the last evaluation saw, in the rule's unit; null: no sample within 5 minutes. */
      value: z.number().nullable(),
      /** Null until the control loop has evaluated the rule once. */
      evaluatedAt: z.iso.datetime().nullable(),
    }),
    /** Alert state changes per hour over the last 24 hours. */
    flapScore: z.number(),
  })
  .openapi("ScalingRule");
export type RuleOutput = z.infer<typeof ruleOutputSchema>;

export const rulesResponseSchema = z
  .object({
    generatedAt: z.iso.datetime(),
    evaluationIntervalSeconds: z.number(),
    /** Whether the caller may change rules, and if not, why. */
    permissions: z.object({ canEdit: z.boolean(), reason: z.string().nullable() }),
    rules: z.array(ruleOutputSchema),
  })
  .openapi("ScalingRules");
export type RulesResponse = z.infer<typeof rulesResponseSchema>;

export const updateRuleResponseSchema = z
  .object({
    rule: ruleOutputSchema,
    /** The audit entry the change wrote; null when nothing changed. */
    audit: z.object({ id: z.string(), at: z.iso.datetime() }).nullable(),
  })
  .openapi("ScalingRuleUpdated");
export type UpdateRuleResponse = z.infer<typeof updateRuleResponseSchema>;

export const ruleHistoryResponseSchema = z
  .object({
    ruleId: z.string(),
    range: z.string(),
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    /** The alert state when the range begins. */
    initialState: alertStateSchema,
    transitions: z.array(z.object({ at: z.iso.datetime(), from: alertStateSchema, to: alertStateSchema, value: z.number().nullable() })),
  })
  .openapi("ScalingRuleHistory");
export type RuleHistoryResponse = z.infer<typeof ruleHistoryResponseSchema>;
