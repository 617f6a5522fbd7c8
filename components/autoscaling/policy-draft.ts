import type { HpaPolicy, HpaScalingRulesInput, SelectPolicy } from "@/lib/scaling/schemas";

// The policy editor's state: text as typed, so a half-typed number is not lost, and blanks mean
// "Kubernetes's default" for the optional behavior fields. Pure: tested without a browser.

export type ScalingPolicyDraft = { type: "Pods" | "Percent"; value: string; periodSeconds: string };
export type ScalingRulesDraft = { stabilizationWindowSeconds: string; selectPolicy: SelectPolicy | ""; policies: ScalingPolicyDraft[] };
export type PolicyDraft = { minReplicas: string; maxReplicas: string; cpuTarget: string; memoryTarget: string; scaleUp: ScalingRulesDraft; scaleDown: ScalingRulesDraft };
export type Direction = "scaleUp" | "scaleDown";
type Resource = "cpu" | "memory";

const text = (value: number | undefined) => (value === undefined ? "" : String(value));
/** Blank stays null, so the API names the missing field instead of the page guessing a value. */
const numberOrNull = (value: string) => (value.trim() === "" ? null : Number(value));

function rulesDraft(rules: HpaScalingRulesInput | null | undefined): ScalingRulesDraft {
  return {
    stabilizationWindowSeconds: text(rules?.stabilizationWindowSeconds),
    selectPolicy: rules?.selectPolicy ?? "",
    policies: (rules?.policies ?? []).map((policy) => ({ type: policy.type, value: String(policy.value), periodSeconds: String(policy.periodSeconds) })),
  };
}

export function targetOf(policy: HpaPolicy, resource: Resource): number | undefined {
  return policy.metrics.find((metric) => metric.resource.name === resource)?.resource.target.averageUtilization;
}

export function draftFromPolicy(policy: HpaPolicy): PolicyDraft {
  return {
    minReplicas: String(policy.minReplicas),
    maxReplicas: String(policy.maxReplicas),
    cpuTarget: text(targetOf(policy, "cpu")),
    memoryTarget: text(targetOf(policy, "memory")),
    scaleUp: rulesDraft(policy.behavior?.scaleUp),
    scaleDown: rulesDraft(policy.behavior?.scaleDown),
  };
}

function rulesFromDraft(draft: ScalingRulesDraft) {
  return {
    ...(draft.stabilizationWindowSeconds.trim() === "" ? {} : { stabilizationWindowSeconds: numberOrNull(draft.stabilizationWindowSeconds) }),
    ...(draft.selectPolicy === "" ? {} : { selectPolicy: draft.selectPolicy }),
    ...(draft.policies.length === 0 ? {} : { policies: draft.policies.map((policy) => ({ type: policy.type, value: numberOrNull(policy.value), periodSeconds: numberOrNull(policy.periodSeconds) })) }),
  };
}

/** The request body; unvalidated (the API, or hpaPolicySchema for the simulator, judges it). */
export function policyFromDraft(draft: PolicyDraft): unknown {
  const metric = (name: Resource, target: string) => ({ type: "Resource", resource: { name, target: { type: "Utilization", averageUtilization: numberOrNull(target) } } });
  return {
    minReplicas: numberOrNull(draft.minReplicas),
    maxReplicas: numberOrNull(draft.maxReplicas),
    metrics: [...(draft.cpuTarget.trim() === "" ? [] : [metric("cpu", draft.cpuTarget)]), ...(draft.memoryTarget.trim() === "" ? [] : [metric("memory", draft.memoryTarget)])],
    behavior: { scaleUp: rulesFromDraft(draft.scaleUp), scaleDown: rulesFromDraft(draft.scaleDown) },
  };
}

/** The API path of a resource's target in the body policyFromDraft builds (CPU comes first). */
export function targetPath(draft: PolicyDraft, resource: Resource): string {
  const index = resource === "memory" && draft.cpuTarget.trim() !== "" ? 1 : 0;
  return `json.metrics.${index}.resource.target.averageUtilization`;
}
