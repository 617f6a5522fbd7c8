import type { HpaBehaviorInput, HpaScalingPolicy, HpaScalingRulesInput, SelectPolicy } from "./schemas";

/** One direction of `spec.behavior` with every default filled in. */
export type HpaScalingRules = {
  stabilizationWindowSeconds: number;
  selectPolicy: SelectPolicy;
  policies: readonly HpaScalingPolicy[];
};

export type HpaBehavior = { scaleUp: HpaScalingRules; scaleDown: HpaScalingRules };

// kubernetes pkg/apis/autoscaling/v2/defaults.go: defaultHPAScaleUpRules and defaultHPAScaleDownRules.
const DEFAULT_SCALE_UP_RULES: HpaScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: "Max",
  policies: [
    { type: "Pods", value: 4, periodSeconds: 15 },
    { type: "Percent", value: 100, periodSeconds: 15 },
  ],
};

// defaults.go leaves the scale-down window nil; the controller fills it from
// kube-controller-manager's --horizontal-pod-autoscaler-downscale-stabilization, default 5m
// (horizontal.go maybeInitScaleDownStabilizationWindow).
const DEFAULT_SCALE_DOWN_RULES: HpaScalingRules = {
  stabilizationWindowSeconds: 300,
  selectPolicy: "Max",
  policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
};

/**
 * Kubernetes's defaulting: each field the author left out (copyHPAScalingRules copies only
 * non-nil fields) takes its default, per direction, so `policies` given alone keeps the default
 * window and selectPolicy. A missing behavior gets the defaults in both directions.
 */
export function resolveHpaBehavior(behavior: HpaBehaviorInput | null | undefined): HpaBehavior {
  return {
    scaleUp: resolveScalingRules(behavior?.scaleUp, DEFAULT_SCALE_UP_RULES),
    scaleDown: resolveScalingRules(behavior?.scaleDown, DEFAULT_SCALE_DOWN_RULES),
  };
}

function resolveScalingRules(rules: HpaScalingRulesInput | null | undefined, defaults: HpaScalingRules): HpaScalingRules {
  return {
    stabilizationWindowSeconds: rules?.stabilizationWindowSeconds ?? defaults.stabilizationWindowSeconds,
    selectPolicy: rules?.selectPolicy ?? defaults.selectPolicy,
    policies: rules?.policies ?? defaults.policies,
  };
}
