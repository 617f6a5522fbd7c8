import type { PrismaClient } from "@/generated/prisma/client";
import { onAlertTransition, type AlertTransitionEvent } from "@/lib/alerting/alert-events";
import { logger } from "@/lib/logging/logger";
import { PeriodicTask } from "@/lib/periodic-task";
import { eventFromAlertTransition } from "./alert-notifications";
import { readAuditFeed } from "./audit-feed";
import { DEFAULT_DISPATCH_OPTIONS, dispatchDueDeliveries } from "./dispatcher";
import { publishNotification } from "./publish";
import { deleteNotificationsBefore } from "./repo";
import { deleteFinishedDeliveries } from "./webhook-repo";

const DAY_MS = 86_400_000;
/** Notifications older than this go, read or not: the center is a recent-activity view, the audit log the record. */
const NOTIFICATION_RETENTION_MS = 30 * DAY_MS;
const DELIVERED_RETENTION_MS = 7 * DAY_MS;
const DEAD_RETENTION_MS = 30 * DAY_MS;

/**
 * The notifier on the control-loop leader: turns the rule evaluator's alerts (same process) and
 * the audit log into notifications and webhook deliveries, sends due deliveries, and keeps both
 * tables bounded.
 */
export class Notifier {
  private readonly tasks: PeriodicTask[];
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly client: PrismaClient, intervalMs = 2_000) {
    this.tasks = [
      new PeriodicTask("notification feed", intervalMs, () => readAuditFeed(client)),
      new PeriodicTask("notification webhooks", intervalMs, () => dispatchDueDeliveries(client, DEFAULT_DISPATCH_OPTIONS)),
      new PeriodicTask("notification retention", 10 * 60_000, async () => {
        const now = Date.now();
        const notifications = await deleteNotificationsBefore(client, new Date(now - NOTIFICATION_RETENTION_MS));
        const deliveries = await deleteFinishedDeliveries(client, new Date(now - DELIVERED_RETENTION_MS), new Date(now - DEAD_RETENTION_MS));
        if (notifications + deliveries > 0) logger.info("old notifications and webhook deliveries removed", { notifications, deliveries });
      }),
    ];
  }

  start(): void {
    this.unsubscribe ??= onAlertTransition((alert) => this.publishAlert(alert));
    for (const task of this.tasks) task.start();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const task of this.tasks) task.stop();
  }

  /** The evaluation has committed; a failure here is logged by the emitter and loses this one notification. */
  async publishAlert(alert: AlertTransitionEvent): Promise<void> {
    await this.client.$transaction((tx) => publishNotification(tx, eventFromAlertTransition(alert)));
  }
}
