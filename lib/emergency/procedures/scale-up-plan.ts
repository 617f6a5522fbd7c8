import { resolveHpaBehavior } from "@/lib/scaling/hpa-behavior-defaults";
import { limitReplicasByRate, type ScaleEvent } from "@/lib/scaling/hpa-rate-limits";
import type { HpaPolicy } from "@/lib/scaling/schemas";

/** The guide's immediate scale-up: half as many instances again, rounded up. */
export const SCALE_UP_FACTOR = 1.5;
/** The HPA controller's default sync period: the pace at which the rate limits are re-evaluated. */
export const HPA_SYNC_SECONDS = 15;
/** A plan that needs longer than this under the policy's limits is cut off (the policy is too strict). */
const MAX_PLAN_SECONDS = 60 * 60;

export type ScaleUpStep = { atSeconds: number; replicas: number };

export type ScaleUpPlan = {
  fromReplicas: number;
  targetReplicas: number;
  /** True when +50 % would exceed the policy's maximum and the target was capped to it. */
  isCappedAtMaximum: boolean;
  /** The floor raises, paced by the policy's scale-up limits (one step when they allow it all). */
  steps: ScaleUpStep[];
  /** Until the last step plus the time an instance needs to start serving. */
  estimatedSeconds: number;
};

/**
 * Plans the scale-up as the policy allows it: the target is +50 % capped at the policy's
 * maximum, and each step goes as far as the scale-up rate limits (Percent/Pods per period,
 * selectPolicy) allow at that moment, counting the steps already taken, exactly as the HPA
 * controller would evaluate them every sync period. Pure: no I/O, no clock.
 */
export function planScaleUp(input: { currentReplicas: number; policy: HpaPolicy; instanceStartSeconds: number }): ScaleUpPlan {
  const { currentReplicas, policy, instanceStartSeconds } = input;
  const wanted = Math.ceil(currentReplicas * SCALE_UP_FACTOR);
  const targetReplicas = Math.max(currentReplicas, Math.min(wanted, policy.maxReplicas));
  const behavior = resolveHpaBehavior(policy.behavior);
  // A raised minimum is not rate limited by the HPA, and with scale-up disabled nothing else
  // would ever get there: one step.
  if (behavior.scaleUp.selectPolicy === "Disabled") {
    const steps = targetReplicas > currentReplicas ? [{ atSeconds: 0, replicas: targetReplicas }] : [];
    return { fromReplicas: currentReplicas, targetReplicas, isCappedAtMaximum: wanted > policy.maxReplicas, steps, estimatedSeconds: steps.length ? instanceStartSeconds : 0 };
  }
  const steps: ScaleUpStep[] = [];
  const taken: { atSeconds: number; change: number }[] = [];
  let replicas = currentReplicas;
  for (let atSeconds = 0; replicas < targetReplicas && atSeconds <= MAX_PLAN_SECONDS; atSeconds += HPA_SYNC_SECONDS) {
    const scaleUpEvents: ScaleEvent[] = taken.map((event) => ({ ageSeconds: atSeconds - event.atSeconds, replicaChange: event.change }));
    const next = limitReplicasByRate({
      currentReplicas: replicas,
      desiredReplicas: targetReplicas,
      minReplicas: policy.minReplicas,
      maxReplicas: policy.maxReplicas,
      scaleUpRules: behavior.scaleUp,
      scaleDownRules: behavior.scaleDown,
      scaleUpEvents,
      scaleDownEvents: [],
    });
    if (next > replicas) {
      steps.push({ atSeconds, replicas: next });
      taken.push({ atSeconds, change: next - replicas });
      replicas = next;
    }
  }
  const lastStepSeconds = steps.at(-1)?.atSeconds ?? 0;
  return {
    fromReplicas: currentReplicas,
    targetReplicas: replicas,
    isCappedAtMaximum: wanted > policy.maxReplicas,
    steps,
    estimatedSeconds: steps.length === 0 ? 0 : lastStepSeconds + instanceStartSeconds,
  };
}

/** "+100 % or +4 instances per 15 s (the larger)": the policy's scale-up limits in words. */
export function describeScaleUpLimits(policy: HpaPolicy): string {
  const rules = resolveHpaBehavior(policy.behavior).scaleUp;
  if (rules.selectPolicy === "Disabled") return "scale-up disabled by the policy (the raised minimum applies at once)";
  const parts = rules.policies.map((limit) => `${limit.type === "Percent" ? `+${limit.value} %` : `+${limit.value} instances`} per ${limit.periodSeconds} s`);
  const pick = parts.length > 1 ? ` (the ${rules.selectPolicy === "Min" ? "smaller" : "larger"})` : "";
  return `${parts.join(" or ")}${pick}`;
}
