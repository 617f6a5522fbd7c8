import { alertNameOf, rulePathOf } from "@/lib/alerting/alert-events";
import type { ThresholdRule } from "@/lib/scaling/schemas";
import { formatRuleValue, RULE_METRICS } from "@/lib/scaling/rules/rule-metrics";

// What an alert of a threshold rule says, the same whether this app sends it to Alertmanager or a
// user's Prometheus evaluates the exported rule: labels to route and silence by, and text for people.

/** The guide's first steps for each suggested action; the emergency page holds the full procedure. */
const RUNBOOKS: Record<ThresholdRule["action"], string> = {
  "add-app-replicas":
    "Confirm the overload on the ops overview (CPU, memory, p95 latency, queue depth). If the autoscaler is not already adding instances, run Immediate scale-up on the emergency page: +50 % instances with a raised minimum that expires. Find the cause while the capacity holds.",
  "grow-db-pool":
    "Check the database page for long-running queries and connections waiting for the pool. If the database has headroom, raise the write pool (DB_WRITE_POOL_MAX) and restart instances one at a time; otherwise shed load with the circuit breaker on the emergency page.",
};

const COMPARATOR_WORDS: Record<ThresholdRule["comparator"], string> = { ">": "above", ">=": "at or above", "<": "below", "<=": "at or below", "==": "exactly" };

function formatDuration(seconds: number): string {
  if (seconds === 0) return "one evaluation";
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** The labels every alert of the rule carries (Alertmanager adds nothing; routes and silences match these). */
export function ruleLabels(rule: Pick<ThresholdRule, "id" | "severity">): Record<string, string> {
  return { alertname: alertNameOf(rule.id), severity: rule.severity, rule_id: rule.id };
}

/** Summary, description, runbook and the rule's page, absolute under the app's URL. */
export function ruleAnnotations(rule: ThresholdRule, appUrl: string): Record<string, string> {
  const binding = RULE_METRICS[rule.metric];
  const threshold = formatRuleValue(binding.unit, rule.threshold);
  return {
    summary: `${binding.label} ${rule.comparator} ${threshold}`,
    description: `${binding.label} has been ${COMPARATOR_WORDS[rule.comparator]} ${threshold} for ${formatDuration(rule.forSeconds)} (rule ${rule.id}, ${rule.severity}).`,
    runbook: RUNBOOKS[rule.action],
    rule_url: new URL(rulePathOf(rule.id), appUrl).toString(),
  };
}
