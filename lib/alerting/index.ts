import type { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/lib/env";
import { AlertmanagerNotifier } from "./alertmanager-notifier";

export { onAlertTransition, type AlertTransitionEvent } from "./alert-events";
export { AlertmanagerNotifier } from "./alertmanager-notifier";

/** The control loop's Alertmanager sender, or null when no ALERTMANAGER_URLS are set. */
export function createAlertmanagerNotifier(primary: PrismaClient): AlertmanagerNotifier | null {
  const config = env();
  if (config.ALERTMANAGER_URLS.length === 0) return null;
  return new AlertmanagerNotifier(primary, {
    urls: config.ALERTMANAGER_URLS,
    appUrl: config.APP_URL,
    resendIntervalMs: config.ALERTMANAGER_RESEND_INTERVAL_SECONDS * 1000,
    evaluationIntervalMs: config.METRICS_SAMPLE_INTERVAL_SECONDS * 1000,
    capacity: config.ALERTMANAGER_QUEUE_CAPACITY,
    timeoutMs: config.ALERTMANAGER_TIMEOUT_MS,
  });
}
export { registerAlertingRoutes } from "./routes";
