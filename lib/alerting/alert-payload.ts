import { RESOLVED_RETENTION_SECONDS } from "@/lib/scaling/alert-state";
import type { ThresholdRule } from "@/lib/scaling/schemas";
import { formatRuleValue, RULE_METRICS } from "@/lib/scaling/rules/rule-metrics";
import { ruleAnnotations, ruleLabels } from "./rule-annotations";

// Alerts in the shape of Alertmanager's v2 API (`postableAlert`), built the way Prometheus's
// rules manager builds them (rules/manager.go sendAlerts). Pure: no clock, no I/O.

export type AlertmanagerAlert = {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
};

/** A rule's alert as the evaluator stored it: firing since `startsAt`, or resolved at `resolvedAt`. */
export type DeliverableAlert = { startsAt: Date; resolvedAt: Date | null; value: number | null };

export type PayloadContext = { appUrl: string; nowMs: number; resendIntervalMs: number; evaluationIntervalMs: number };

/**
 * A firing alert is sent as valid until four resend (or evaluation) intervals from now, as
 * Prometheus does: if the sender dies, Alertmanager resolves it on its own after that.
 * A resolved one is sent with the time it resolved.
 */
export function toAlertmanagerAlert(rule: ThresholdRule, alert: DeliverableAlert, ctx: PayloadContext): AlertmanagerAlert {
  const validForMs = 4 * Math.max(ctx.resendIntervalMs, ctx.evaluationIntervalMs);
  const annotations = ruleAnnotations(rule, ctx.appUrl);
  if (alert.value !== null) annotations.value = formatRuleValue(RULE_METRICS[rule.metric].unit, alert.value);
  const generatorURL = annotations.rule_url ?? ctx.appUrl;
  return {
    labels: { ...ruleLabels(rule), instance: new URL(ctx.appUrl).host },
    annotations,
    startsAt: alert.startsAt.toISOString(),
    endsAt: (alert.resolvedAt ?? new Date(ctx.nowMs + validForMs)).toISOString(),
    generatorURL,
  };
}

/** Firing alerts, and resolved ones for as long as the evaluator keeps them (15 minutes), are sent again. */
export function isStillDeliverable(state: "inactive" | "pending" | "firing", resolvedAt: Date | null, nowMs: number): boolean {
  if (state === "firing") return true;
  return state === "inactive" && resolvedAt !== null && nowMs - resolvedAt.getTime() <= RESOLVED_RETENTION_SECONDS * 1000;
}
