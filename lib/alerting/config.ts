import { z } from "zod";

// Delivery to Alertmanager, as Prometheus's notifier does it (`alerting.alertmanagers`,
// `--rules.alert.resend-delay`, `--alertmanager.notification-queue-capacity`).
const urlList = z
  .string()
  .optional()
  .transform((value) => (value ?? "").split(",").map((part) => part.trim()).filter(Boolean))
  .pipe(z.array(z.url().regex(/^https?:\/\//, "must be an http(s):// URL")));

export const alertingEnvShape = {
  /** Alertmanagers the elected control loop sends alerts to, comma-separated; none: alerts stay in the app. */
  ALERTMANAGER_URLS: urlList,
  /** How often a firing alert is sent again (Prometheus's resend_delay: 1 minute). */
  ALERTMANAGER_RESEND_INTERVAL_SECONDS: z.coerce.number().min(0.1).max(3600).default(60),
  /** Alerts waiting to be sent; past this the oldest are dropped and counted. */
  ALERTMANAGER_QUEUE_CAPACITY: z.coerce.number().int().min(1).max(100_000).default(10_000),
  /** One POST to one Alertmanager, retries included per attempt. */
  ALERTMANAGER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
};
