import type { HpaBehavior } from "./hpa-behavior-defaults";
import { limitReplicasByRate, type ScaleEvent } from "./hpa-rate-limits";
import { stabilizeRecommendation, type PastRecommendation } from "./hpa-stabilization";

export type NormalizeInput = {
  minReplicas: number;
  maxReplicas: number;
  currentReplicas: number;
  /** The metrics' recommendation before normalization. */
  desiredReplicas: number;
  behavior: HpaBehavior;
  scaleUpEvents: readonly ScaleEvent[];
  scaleDownEvents: readonly ScaleEvent[];
  recommendations: readonly PastRecommendation[];
};

/** Stabilization only (the first step of normalization). */
export function stabilizeWithBehavior(input: NormalizeInput): number {
  return stabilizeRecommendation({
    currentReplicas: input.currentReplicas,
    desiredReplicas: input.desiredReplicas,
    recommendations: input.recommendations,
    scaleUpWindowSeconds: input.behavior.scaleUp.stabilizationWindowSeconds,
    scaleDownWindowSeconds: input.behavior.scaleDown.stabilizationWindowSeconds,
  });
}

/**
 * normalizeDesiredReplicasWithBehaviors: stabilize, then apply the policies' rate limits and
 * min/max to the stabilized value, in the direction it moves from the current count.
 */
export function normalizeDesiredReplicas(input: NormalizeInput): number {
  return limitReplicasByRate({
    currentReplicas: input.currentReplicas,
    desiredReplicas: stabilizeWithBehavior(input),
    minReplicas: input.minReplicas,
    maxReplicas: input.maxReplicas,
    scaleUpRules: input.behavior.scaleUp,
    scaleDownRules: input.behavior.scaleDown,
    scaleUpEvents: input.scaleUpEvents,
    scaleDownEvents: input.scaleDownEvents,
  });
}
