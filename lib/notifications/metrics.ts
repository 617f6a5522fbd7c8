import { Counter } from "prom-client";
import { metrics } from "@/lib/metrics/registry";
import { processSingleton } from "@/lib/process-singleton";

/** Webhook delivery attempts by outcome: a growing `dead` is a receiver someone has to fix. */
export function notificationMetrics() {
  return processSingleton("notification-metrics", () => ({
    attempts: new Counter({
      name: "agency_notification_webhook_attempts_total",
      help: "Notification webhook delivery attempts: delivered, failed and retried later, or failed for the last time (dead-lettered)",
      labelNames: ["result"] as const,
      registers: [metrics.registry],
    }),
  }));
}
