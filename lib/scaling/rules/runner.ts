import { alertNameOf, emitAlertTransitions, rulePathOf, type AlertTransitionEvent } from "@/lib/alerting/alert-events";
import { logger } from "@/lib/logging/logger";
import { PeriodicTask } from "@/lib/periodic-task";
import type { PrismaClient } from "@/generated/prisma/client";
import { signalOf } from "@/lib/metrics/signals";
import { thresholdRuleSchema, type ThresholdRule } from "../schemas";
import { LOOKBACK_DELTA_SECONDS, type SeriesPoint } from "../series-value";
import { evaluateRule, type AlertRecord, type AlertTransition } from "./alert-record";
import { insertTransitions, listSamplesBetween, lockRulesForEvaluation, saveAlert, type AlertRow, type RuleWithAlertRow, type SampleRow, type TransitionWrite } from "./repo";
import { findRuleValue, RULE_METRICS } from "./rule-metrics";

export type EvaluationSummary = { evaluated: number; transitions: number };

const toSeconds = (date: Date | null) => (date === null ? null : date.getTime() / 1000);
const toDate = (seconds: number | null) => (seconds === null ? null : new Date(seconds * 1000));

function toAlertRecord(row: AlertRow | null): AlertRecord | undefined {
  if (row === null) return undefined;
  return { state: row.state, activeAtSeconds: toSeconds(row.activeAt), keepFiringSinceSeconds: toSeconds(row.keepFiringSince), resolvedAtSeconds: toSeconds(row.resolvedAt) };
}

/** Samples grouped by signal, then by series, as the state machine's points (seconds). */
function groupBySignal(rows: SampleRow[]): Map<string, SeriesPoint[][]> {
  const bySeries = new Map<string, SeriesPoint[]>();
  for (const row of rows) {
    const points = bySeries.get(row.series) ?? [];
    points.push({ tSeconds: row.t.getTime() / 1000, value: Number(row.value) });
    bySeries.set(row.series, points);
  }
  const bySignal = new Map<string, SeriesPoint[][]>();
  for (const [series, points] of bySeries) bySignal.set(signalOf(series), [...(bySignal.get(signalOf(series)) ?? []), points]);
  return bySignal;
}

/**
 * The control loop's rule evaluator: every interval, each enabled rule against the latest value
 * of its signal, stepped through the Prometheus alert state machine. The current alert of each
 * rule is stored (a new leader continues it) and every state change is appended to the history.
 * `evaluate(now)` takes the time, so tests drive it with samples at chosen times.
 */
export class RuleEvaluator {
  private readonly task: PeriodicTask;

  constructor(
    private readonly primary: PrismaClient,
    intervalMs: number,
  ) {
    // A missed evaluation delays an alert by one interval; a slow one is not stacked up.
    this.task = new PeriodicTask("threshold rule evaluation", intervalMs, () => this.evaluate(new Date()));
  }

  start(): void {
    this.task.start();
  }

  stop(): void {
    this.task.stop();
  }

  async evaluate(now: Date): Promise<EvaluationSummary> {
    const nowSeconds = now.getTime() / 1000;
    const events: AlertTransitionEvent[] = [];
    const summary = await this.primary.$transaction(async (tx) => {
      // Another instance may already have evaluated a rule at this time or later (a leader handover).
      const due = parseRules(await lockRulesForEvaluation(tx)).filter(({ row }) => !row.alert || row.alert.evaluatedAt < now);
      const signals = [...new Set(due.filter(({ row }) => row.enabled).map(({ rule }) => RULE_METRICS[rule.metric].signal))];
      const samples = signals.length === 0 ? [] : await listSamplesBetween(tx, signals, new Date(now.getTime() - LOOKBACK_DELTA_SECONDS * 1000), now);
      const bySignal = groupBySignal(samples);
      const transitions: TransitionWrite[] = [];
      for (const { row, rule } of due) {
        const binding = RULE_METRICS[rule.metric];
        const value = row.enabled ? findRuleValue(bySignal.get(binding.signal) ?? [], nowSeconds, binding.scale) : null;
        const { record, transition } = evaluateRule(row.enabled ? rule : null, toAlertRecord(row.alert), value, nowSeconds);
        await saveAlert(tx, {
          ruleId: row.id,
          state: record.state,
          activeAt: toDate(record.activeAtSeconds),
          keepFiringSince: toDate(record.keepFiringSinceSeconds),
          resolvedAt: toDate(record.resolvedAtSeconds),
          value,
          evaluatedAt: now,
        });
        if (transition) transitions.push({ ruleId: row.id, at: now, fromState: transition.from, toState: transition.to, value: transition.value });
        // A rule disabled while firing resolves too; its record no longer holds when it started.
        const event = transition && toTransitionEvent(rule, transition, record.activeAtSeconds ?? toSeconds(row.alert?.activeAt ?? null), now);
        if (event) events.push(event);
      }
      await insertTransitions(tx, transitions);
      return { evaluated: due.length, transitions: transitions.length };
    });
    // Listeners hear only what was committed.
    emitAlertTransitions(events);
    return summary;
  }
}

/** A change worth telling people about: an alert starting to fire, or a firing one resolving. */
function toTransitionEvent(rule: ThresholdRule, transition: AlertTransition, activeAtSeconds: number | null, now: Date): AlertTransitionEvent | null {
  const kind = transition.to === "firing" ? "firing" : transition.from === "firing" ? "resolved" : null;
  if (kind === null || activeAtSeconds === null) return null;
  return {
    kind,
    ruleId: rule.id,
    name: alertNameOf(rule.id),
    severity: rule.severity,
    value: transition.value,
    comparator: rule.comparator,
    threshold: rule.threshold,
    startsAt: new Date(activeAtSeconds * 1000),
    endsAt: kind === "resolved" ? now : null,
    at: now,
    rulePath: rulePathOf(rule.id),
  };
}

/** Rows as rules; a row that no longer parses is skipped (and logged), not a failed tick. */
function parseRules(rows: RuleWithAlertRow[]): { row: RuleWithAlertRow; rule: ThresholdRule }[] {
  return rows.flatMap((row) => {
    const parsed = thresholdRuleSchema.safeParse(row);
    if (parsed.success) return [{ row, rule: parsed.data }];
    logger.warn("skipping a scaling rule that does not parse", { ruleId: row.id, err: parsed.error });
    return [];
  });
}
