import type { HpaScalingRules } from "./hpa-behavior-defaults";
import { isWithinWindow } from "./hpa-stabilization";

// Scaling policies (rate limits) and min/max, as kubernetes pkg/controller/podautoscaler/horizontal.go
// convertDesiredReplicasWithBehaviorRate, calculateScaleUpLimitWithScalingRules,
// calculateScaleDownLimitWithBehaviors and getReplicasChangePerPeriod compute them.

/**
 * A past rescale, `ageSeconds` before this evaluation. `replicaChange` is a positive count in
 * both lists, as storeScaleEvent records it (new − prev for scale up, prev − new for scale down).
 */
export type ScaleEvent = { ageSeconds: number; replicaChange: number };

export type RateLimitInput = {
  currentReplicas: number;
  desiredReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  scaleUpRules: HpaScalingRules;
  scaleDownRules: HpaScalingRules;
  scaleUpEvents: readonly ScaleEvent[];
  scaleDownEvents: readonly ScaleEvent[];
};

// The Go code seeds min/max folds with int32 bounds; kept so an empty policy list behaves the same.
const MAX_INT32 = 2 ** 31 - 1;
const MIN_INT32 = -(2 ** 31);

/** getReplicasChangePerPeriod: events strictly younger than the period (`timestamp.After(cutoff)`). */
export function sumReplicaChangesInPeriod(periodSeconds: number, events: readonly ScaleEvent[]): number {
  let replicas = 0;
  for (const event of events) {
    if (isWithinWindow(event.ageSeconds, periodSeconds)) replicas += event.replicaChange;
  }
  return replicas;
}

/**
 * Replicas the period started with: counted back from now through both scale-up and scale-down
 * events (`currentReplicas - replicasAddedInCurrentPeriod + replicasDeletedInCurrentPeriod`).
 */
function calculatePeriodStartReplicas(currentReplicas: number, periodSeconds: number, input: RateLimitInput): number {
  const added = sumReplicaChangesInPeriod(periodSeconds, input.scaleUpEvents);
  const deleted = sumReplicaChangesInPeriod(periodSeconds, input.scaleDownEvents);
  return currentReplicas - added + deleted;
}

/** The most replicas the scale-up policies allow now. */
export function calculateScaleUpLimit(input: RateLimitInput): number {
  const { currentReplicas, scaleUpRules } = input;
  if (scaleUpRules.selectPolicy === "Disabled") return currentReplicas;
  // Min picks the smallest increase, i.e. the lowest limit; Max (the default) the highest.
  const isMin = scaleUpRules.selectPolicy === "Min";
  let limit = isMin ? MAX_INT32 : MIN_INT32;
  for (const policy of scaleUpRules.policies) {
    const periodStart = calculatePeriodStartReplicas(currentReplicas, policy.periodSeconds, input);
    // Percent rounds up, or a small count would never grow (Go: int32(math.Ceil(...))).
    const proposed =
      policy.type === "Pods" ? periodStart + policy.value : Math.ceil(periodStart * (1 + policy.value / 100));
    limit = isMin ? Math.min(limit, proposed) : Math.max(limit, proposed);
  }
  return limit;
}

/** The fewest replicas the scale-down policies allow now. */
export function calculateScaleDownLimit(input: RateLimitInput): number {
  const { currentReplicas, scaleDownRules } = input;
  if (scaleDownRules.selectPolicy === "Disabled") return currentReplicas;
  // For scale down the smallest change is the highest floor, so Min folds with max.
  const isMin = scaleDownRules.selectPolicy === "Min";
  let limit = isMin ? MIN_INT32 : MAX_INT32;
  for (const policy of scaleDownRules.policies) {
    const periodStart = calculatePeriodStartReplicas(currentReplicas, policy.periodSeconds, input);
    // Percent truncates toward zero: Go's int32(float64(...)) conversion.
    const proposed =
      policy.type === "Pods" ? periodStart - policy.value : Math.trunc(periodStart * (1 - policy.value / 100));
    limit = isMin ? Math.max(limit, proposed) : Math.min(limit, proposed);
  }
  return limit;
}

/**
 * convertDesiredReplicasWithBehaviorRate: the rate limit and min/max apply only in the direction
 * of change, so an unchanged count passes through even outside [min, max], and a scale up is
 * never raised to minReplicas.
 */
export function limitReplicasByRate(input: RateLimitInput): number {
  const { currentReplicas, desiredReplicas } = input;
  if (desiredReplicas > currentReplicas) {
    // A limit below the current count (after recent scale downs) must not turn into a scale down.
    const scaleUpLimit = Math.max(calculateScaleUpLimit(input), currentReplicas);
    return Math.min(desiredReplicas, input.maxReplicas, scaleUpLimit);
  }
  if (desiredReplicas < currentReplicas) {
    const scaleDownLimit = Math.min(calculateScaleDownLimit(input), currentReplicas);
    return Math.max(desiredReplicas, input.minReplicas, scaleDownLimit);
  }
  return desiredReplicas;
}
