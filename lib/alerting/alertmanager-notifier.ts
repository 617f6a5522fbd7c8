import type { PrismaClient } from "@/generated/prisma/client";
import { logger } from "@/lib/logging/logger";
import { PeriodicTask } from "@/lib/periodic-task";
import { thresholdRuleSchema, type ThresholdRule } from "@/lib/scaling/schemas";
import { findRuleWithAlert, listRulesWithAlerts, type RuleWithAlertRow } from "@/lib/scaling/rules/repo";
import { onAlertTransition, type AlertTransitionEvent } from "./alert-events";
import { isStillDeliverable, toAlertmanagerAlert, type AlertmanagerAlert, type PayloadContext } from "./alert-payload";
import { AlertmanagerSender } from "./sender";

export type AlertmanagerNotifierOptions = {
  urls: readonly string[];
  appUrl: string;
  resendIntervalMs: number;
  evaluationIntervalMs: number;
  capacity: number;
  timeoutMs: number;
  retryDelaysMs?: readonly number[];
};

const parseRule = (row: RuleWithAlertRow): ThresholdRule | null => thresholdRuleSchema.safeParse(row).data ?? null;

/**
 * Runs beside the rule evaluator on the elected leader: an alert that starts firing or resolves
 * is sent at once, and every resend interval all firing alerts (and those resolved within the
 * last 15 minutes) are sent again from the stored state, so a new leader or a restarted
 * Alertmanager learns them too.
 */
export class AlertmanagerNotifier {
  readonly sender: AlertmanagerSender;
  private readonly resend: PeriodicTask;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly primary: PrismaClient,
    private readonly options: AlertmanagerNotifierOptions,
  ) {
    this.sender = new AlertmanagerSender(options);
    this.resend = new PeriodicTask("alertmanager resend", options.resendIntervalMs, () => this.resendActive(new Date()));
  }

  start(): void {
    this.unsubscribe ??= onAlertTransition((event) => this.sendTransition(event));
    this.resend.start();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.resend.stop();
  }

  private context(now: Date): PayloadContext {
    return { appUrl: this.options.appUrl, nowMs: now.getTime(), resendIntervalMs: this.options.resendIntervalMs, evaluationIntervalMs: this.options.evaluationIntervalMs };
  }

  /** Every alert Alertmanager should currently know about, sent again. */
  async resendActive(now: Date): Promise<number> {
    const rows = await listRulesWithAlerts(this.primary);
    const alerts = rows.flatMap((row): AlertmanagerAlert[] => {
      const rule = parseRule(row);
      const alert = row.alert;
      if (!rule || !alert?.activeAt || !isStillDeliverable(alert.state, alert.resolvedAt, now.getTime())) return [];
      return [toAlertmanagerAlert(rule, { startsAt: alert.activeAt, resolvedAt: alert.state === "inactive" ? alert.resolvedAt : null, value: alert.value }, this.context(now))];
    });
    this.sender.enqueue(alerts);
    return alerts.length;
  }

  private async sendTransition(event: AlertTransitionEvent): Promise<void> {
    const row = await findRuleWithAlert(this.primary, event.ruleId);
    const rule = row && parseRule(row);
    if (!rule) return logger.warn("an alert transition for a rule that is gone", { ruleId: event.ruleId });
    this.sender.enqueue([toAlertmanagerAlert(rule, { startsAt: event.startsAt, resolvedAt: event.endsAt, value: event.value }, this.context(event.at))]);
  }
}
