// Stabilization windows, as kubernetes pkg/controller/podautoscaler/horizontal.go
// stabilizeRecommendationWithBehaviors computes them.

/** An earlier unstabilized recommendation, `ageSeconds` before this evaluation. */
export type PastRecommendation = { ageSeconds: number; replicas: number };

export type StabilizationInput = {
  currentReplicas: number;
  /** This evaluation's unstabilized recommendation (the metrics' desired replicas). */
  desiredReplicas: number;
  recommendations: readonly PastRecommendation[];
  scaleUpWindowSeconds: number;
  scaleDownWindowSeconds: number;
};

/**
 * Kubernetes compares `rec.timestamp.After(now - window)`, i.e. a recommendation counts while it
 * is strictly younger than the window; a window of 0 holds nothing.
 */
export function isWithinWindow(ageSeconds: number, windowSeconds: number): boolean {
  return ageSeconds < windowSeconds;
}

/**
 * The replica count after stabilization. The current desired value is part of both windows:
 * Kubernetes starts `upRecommendation` and `downRecommendation` at args.DesiredReplicas and only
 * afterwards appends it to the stored list. It then clamps the *current* replica count (not the
 * desired one) into [lowest recommendation in the scale-up window, highest in the scale-down
 * window]: scale up only as far as every recent recommendation agrees, scale down only as far
 * as every recent recommendation allows.
 */
export function stabilizeRecommendation(input: StabilizationInput): number {
  let upRecommendation = input.desiredReplicas;
  let downRecommendation = input.desiredReplicas;
  for (const recommendation of input.recommendations) {
    if (isWithinWindow(recommendation.ageSeconds, input.scaleUpWindowSeconds)) {
      upRecommendation = Math.min(recommendation.replicas, upRecommendation);
    }
    if (isWithinWindow(recommendation.ageSeconds, input.scaleDownWindowSeconds)) {
      downRecommendation = Math.max(recommendation.replicas, downRecommendation);
    }
  }
  let stabilized = input.currentReplicas;
  if (stabilized < upRecommendation) stabilized = upRecommendation;
  if (stabilized > downRecommendation) stabilized = downRecommendation;
  return stabilized;
}
