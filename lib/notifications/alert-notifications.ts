import type { AlertTransitionEvent } from "@/lib/alerting/alert-events";
import { describeTime, type NotificationEvent } from "./rules";

const formatValue = (value: number | null) => (value === null ? "no data" : String(Math.round(value * 100) / 100));

/**
 * An alert that starts firing or resolves, for every platform user. A resolve keeps the alert's
 * severity, so a webhook that receives an alert also receives its end.
 */
export function eventFromAlertTransition(alert: AlertTransitionEvent): NotificationEvent {
  const firing = alert.kind === "firing";
  return {
    // One per alert episode and transition: a re-sent evaluation does not notify again.
    key: `alert:${alert.ruleId}:${alert.kind}:${alert.startsAt.toISOString()}`,
    kind: firing ? "alert.firing" : "alert.resolved",
    severity: alert.severity,
    title: firing ? `${alert.name} is firing` : `${alert.name} resolved`,
    body: firing
      ? `The value is ${formatValue(alert.value)} (threshold ${alert.comparator} ${alert.threshold}) since ${describeTime(alert.startsAt.toISOString())}.`
      : `The value is back at ${formatValue(alert.value)} (threshold ${alert.comparator} ${alert.threshold}); it fired from ${describeTime(alert.startsAt.toISOString())}.`,
    link: alert.rulePath,
    occurredAt: alert.at.toISOString(),
    recipients: { userIds: [], roles: ["viewer", "sre", "manager", "admin"] },
    details: {
      ruleId: alert.ruleId,
      alertname: alert.name,
      status: alert.kind,
      value: alert.value,
      comparator: alert.comparator,
      threshold: alert.threshold,
      startsAt: alert.startsAt.toISOString(),
      endsAt: alert.endsAt?.toISOString() ?? null,
    },
  };
}
