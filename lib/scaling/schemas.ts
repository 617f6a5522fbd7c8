import { z } from "zod";

// Shapes an editor (or a CLI) may hand us. Pure data: no defaults are resolved here, so a stored
// policy keeps exactly what its author wrote and `resolveHpaBehavior` fills in Kubernetes's defaults.

/** The comparison operators of a PromQL filter expression `metric <op> threshold`. */
export const comparatorSchema = z.enum([">", ">=", "<", "<=", "=="]);
export type Comparator = z.infer<typeof comparatorSchema>;

export const scalingMetricSchema = z.enum([
  "cpu_utilization_percent",
  "memory_utilization_percent",
  "db_pool_utilization_percent",
  "http_request_p95_seconds",
]);
export type ScalingMetric = z.infer<typeof scalingMetricSchema>;

/** What an operator (or the control loop) should do while the rule fires. */
export const scalingActionSchema = z.enum(["add-app-replicas", "grow-db-pool"]);

export const thresholdRuleSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "use lower-case words joined by hyphens"),
  metric: scalingMetricSchema,
  comparator: comparatorSchema,
  threshold: z.number(),
  // Prometheus's `for`: how long the condition must hold before pending turns into firing.
  forSeconds: z.int().nonnegative(),
  // Prometheus's `keep_firing_for`: how long a firing alert outlives its condition.
  keepFiringForSeconds: z.int().nonnegative(),
  severity: z.enum(["warning", "critical"]),
  action: scalingActionSchema,
});
export type ThresholdRule = z.infer<typeof thresholdRuleSchema>;

// Bounds from Kubernetes's API validation (pkg/apis/autoscaling/validation): a period of at most
// 30 minutes, a stabilization window of at most an hour, at least one policy per direction.
const MAX_POLICY_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;

export const hpaScalingPolicySchema = z.object({
  type: z.enum(["Pods", "Percent"]),
  value: z.int().positive(),
  periodSeconds: z.int().positive().max(MAX_POLICY_PERIOD_SECONDS),
});
export type HpaScalingPolicy = z.infer<typeof hpaScalingPolicySchema>;

export const selectPolicySchema = z.enum(["Max", "Min", "Disabled"]);
export type SelectPolicy = z.infer<typeof selectPolicySchema>;

/** One direction of `spec.behavior`; every field may be missing and then takes its default. */
export const hpaScalingRulesSchema = z.object({
  stabilizationWindowSeconds: z.int().nonnegative().max(MAX_STABILIZATION_WINDOW_SECONDS).optional(),
  selectPolicy: selectPolicySchema.optional(),
  policies: z.array(hpaScalingPolicySchema).min(1).optional(),
});
export type HpaScalingRulesInput = z.infer<typeof hpaScalingRulesSchema>;

export const hpaBehaviorSchema = z.object({
  scaleUp: hpaScalingRulesSchema.nullish(),
  scaleDown: hpaScalingRulesSchema.nullish(),
});
export type HpaBehaviorInput = z.infer<typeof hpaBehaviorSchema>;

const resourceUtilizationMetricSchema = z.object({
  type: z.literal("Resource"),
  resource: z.object({
    name: z.enum(["cpu", "memory"]),
    target: z.object({ type: z.literal("Utilization"), averageUtilization: z.int().positive() }),
  }),
});

/** The HorizontalPodAutoscaler spec fields this app manages, in the autoscaling/v2 layout. */
export const hpaPolicySchema = z
  .object({
    minReplicas: z.int().positive(),
    maxReplicas: z.int().positive(),
    metrics: z.array(resourceUtilizationMetricSchema).min(1),
    behavior: hpaBehaviorSchema.nullish(),
  })
  .refine((policy) => policy.maxReplicas >= policy.minReplicas, {
    path: ["maxReplicas"],
    message: "must be at least minReplicas",
  });
export type HpaPolicy = z.infer<typeof hpaPolicySchema>;
