import type { HpaPolicy } from "@/lib/scaling/schemas";
import type { RuleOutput } from "@/lib/scaling/rules/schemas";
import { targetOf } from "./policy-draft";

/** The alert rules that watch what the autoscaler targets (rule ids from the default rules). */
const RULE_FOR_RESOURCE = [
  { ruleId: "cpu-high", resource: "cpu", label: "CPU" },
  { ruleId: "memory-high", resource: "memory", label: "memory" },
] as const;

type Disagreement = { ruleId: string; label: string; threshold: number; targetPercent: number; note: string };

/**
 * Where an alert threshold and the autoscaler's target differ: a target below the threshold means
 * the autoscaler acts before the alert fires (usually intended); above it, the alert fires while
 * the autoscaler still thinks all is well.
 */
export function findRuleDisagreements(rules: readonly Pick<RuleOutput, "id" | "threshold" | "enabled">[], policy: HpaPolicy): Disagreement[] {
  return RULE_FOR_RESOURCE.flatMap(({ ruleId, resource, label }) => {
    const rule = rules.find((candidate) => candidate.id === ruleId);
    const targetPercent = targetOf(policy, resource);
    if (!rule || !rule.enabled || targetPercent === undefined || rule.threshold === targetPercent) return [];
    const effect =
      targetPercent < rule.threshold
        ? `the autoscaler adds instances from ${targetPercent} %, before the alert fires`
        : `the alert fires at ${rule.threshold} % while the autoscaler waits for ${targetPercent} %`;
    return [{ ruleId, label, threshold: rule.threshold, targetPercent, note: `Alert rule ${ruleId} fires above ${rule.threshold} % ${label}, the autoscaler targets ${targetPercent} %: ${effect}.` }];
  });
}
