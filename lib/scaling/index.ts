// Public surface of the scaling engine. Other domains import only this file. Everything here is
// pure except the threshold-rules runtime at the end (Prisma, HTTP); client components import
// the pure files they need directly.
export { evaluateAlert, isConditionMet, RESOLVED_RETENTION_SECONDS } from "./alert-state";
export type { AlertState, AlertTiming, TrackedAlert } from "./alert-state";
export { evaluateAlertTimeline } from "./alert-timeline";
export type { AlertSnapshot, AlertTimelineInput } from "./alert-timeline";
export { runScalingCli } from "./cli/run-cli";
export type { CliResult } from "./cli/run-cli";
export { DEFAULT_HPA_POLICY } from "./default-hpa-policy";
export { DEFAULT_THRESHOLD_RULES } from "./default-rules";
export { calculateFlapScore } from "./flap-score";
export type { StateSample } from "./flap-score";
export { resolveHpaBehavior } from "./hpa-behavior-defaults";
export type { HpaBehavior, HpaScalingRules } from "./hpa-behavior-defaults";
export { normalizeDesiredReplicas, stabilizeWithBehavior } from "./hpa-normalize";
export type { NormalizeInput } from "./hpa-normalize";
export type { ScaleEvent } from "./hpa-rate-limits";
export { calculateReplicasForMetric, calculateReplicasForMetrics, DEFAULT_TOLERANCE } from "./hpa-replica-ratio";
export type { MetricReading } from "./hpa-replica-ratio";
export type { PastRecommendation } from "./hpa-stabilization";
export {
  comparatorSchema,
  hpaBehaviorSchema,
  hpaPolicySchema,
  hpaScalingPolicySchema,
  hpaScalingRulesSchema,
  thresholdRuleSchema,
} from "./schemas";
export type { Comparator, HpaBehaviorInput, HpaPolicy, ScalingMetric, ThresholdRule } from "./schemas";
export { findValueAtEvalTime, LOOKBACK_DELTA_SECONDS } from "./series-value";
export type { SeriesPoint } from "./series-value";

// Threshold rules at run time: the control loop's evaluator, the ops API and the seed step.
export { RuleEvaluator } from "./rules/runner";
export type { EvaluationSummary } from "./rules/runner";
export { registerScalingRuleRoutes } from "./rules/routes";
export { seedScalingRules } from "./rules/seed";
