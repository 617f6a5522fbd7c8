import { Counter, Gauge } from "prom-client";
import { metrics } from "@/lib/metrics/registry";
import { processSingleton } from "@/lib/process-singleton";

/** The Alertmanager sender's series, named after Prometheus's own notifier metrics. */
function createAlertingMetrics() {
  const registers = [metrics.registry];
  return {
    sent: new Counter({ name: "alertmanager_notifications_sent_total", help: "Alerts sent to each Alertmanager", labelNames: ["alertmanager"] as const, registers }),
    errors: new Counter({
      name: "alertmanager_notifications_errors_total",
      help: "Alerts that could not be sent to an Alertmanager after every retry",
      labelNames: ["alertmanager"] as const,
      registers,
    }),
    dropped: new Counter({ name: "alertmanager_notifications_dropped_total", help: "Alerts dropped because the send queue was full", registers }),
    queueLength: new Gauge({ name: "alertmanager_notifications_queue_length", help: "Alerts waiting to be sent", registers }),
    queueCapacity: new Gauge({ name: "alertmanager_notifications_queue_capacity", help: "Alerts the send queue holds at most", registers }),
  };
}

export const alertingMetrics = processSingleton("alerting-metrics", createAlertingMetrics);
