import { stringify } from "yaml";
import { signalPromql } from "@/lib/metrics/history/prometheus";
import { evaluateAlert, isConditionMet, type TrackedAlert } from "@/lib/scaling/alert-state";
import type { ScalingMetric, ThresholdRule } from "@/lib/scaling/schemas";
import { RULE_METRICS } from "@/lib/scaling/rules/rule-metrics";
import { ruleAnnotations, ruleLabels } from "./rule-annotations";

// The threshold rules as a Prometheus rule file, and a `promtool test rules` file that holds
// Prometheus to the built-in evaluator's answers. Each signal is first recorded in the rule's unit
// (`agency:<signal>:<unit>`) from this app's /api/metrics series, the way the app samples it
// (the largest series, times the unit's scale); the alerts compare the recorded series, so the
// tests can feed it exact values. Pure: no clock, no I/O.

export const RULE_FILE_NAME = "agency-toolkit-rules.yml";

export type ExportContext = { appUrl: string; evaluationIntervalSeconds: number };

/** The recorded series a rule's alert reads. */
export function recordedSeriesOf(metric: ScalingMetric): string {
  const { signal, unit } = RULE_METRICS[metric];
  return `agency:${signal}:${unit}`;
}

function recordingRule(metric: ScalingMetric): { record: string; expr: string } {
  const { signal, scale } = RULE_METRICS[metric];
  const promql = signalPromql(signal);
  if (!promql) throw new Error(`no PromQL for the signal ${signal}`);
  // The scale multiplies the maximum, as the evaluator does: the same floating-point product.
  return { record: recordedSeriesOf(metric), expr: scale === 1 ? `max(${promql})` : `${scale} * max(${promql})` };
}

const duration = (seconds: number) => `${seconds}s`;

function alertingRule(rule: ThresholdRule, ctx: ExportContext) {
  const { alertname, ...labels } = ruleLabels(rule);
  return {
    alert: alertname,
    expr: `${recordedSeriesOf(rule.metric)} ${rule.comparator} ${rule.threshold}`,
    for: duration(rule.forSeconds),
    ...(rule.keepFiringForSeconds > 0 ? { keep_firing_for: duration(rule.keepFiringForSeconds) } : {}),
    labels,
    annotations: ruleAnnotations(rule, ctx.appUrl),
  };
}

/** The enabled rules (a disabled rule has no alerts) as a Prometheus rule file. */
export function exportPrometheusRules(rules: readonly (ThresholdRule & { enabled: boolean })[], ctx: ExportContext): string {
  const live = rules.filter((rule) => rule.enabled);
  const metrics = [...new Set(live.map((rule) => rule.metric))];
  const interval = duration(ctx.evaluationIntervalSeconds);
  return stringify(
    {
      groups: [
        { name: "agency-toolkit-signals", interval, rules: metrics.map(recordingRule) },
        { name: "agency-toolkit-alerts", interval, rules: live.map((rule) => alertingRule(rule, ctx)) },
      ],
    },
    { lineWidth: 0 },
  );
}

/** Values on both sides of the threshold and on it, in the direction the comparator breaches. */
export function probeValues(rule: Pick<ThresholdRule, "threshold">): { name: string; value: number }[] {
  const step = Math.max(Math.abs(rule.threshold) * 0.01, 0.01);
  return [
    { name: "just below", value: rule.threshold - step },
    { name: "at", value: rule.threshold },
    { name: "just above", value: rule.threshold + step },
  ];
}

/** Whether the built-in evaluator has the alert firing after holding `value` from 0 to `evalSeconds`. */
export function isFiringAfter(rule: ThresholdRule, value: number, evalSeconds: number, intervalSeconds: number): boolean {
  let alert: TrackedAlert | undefined;
  const isMet = isConditionMet(value, rule.comparator, rule.threshold);
  for (let t = 0; t <= evalSeconds; t += intervalSeconds) alert = evaluateAlert(alert, isMet, t, rule);
  return alert?.state === "firing";
}

/**
 * A `promtool test rules` file: for each rule, each probe value held from the start, checked one
 * interval before `for` has passed and one interval after; the expected alerts are what the
 * built-in evaluator decides for the same samples.
 */
export function exportPromtoolTests(rules: readonly (ThresholdRule & { enabled: boolean })[], ctx: ExportContext): string {
  const interval = ctx.evaluationIntervalSeconds;
  const tests = rules
    .filter((rule) => rule.enabled)
    .flatMap((rule) => {
      const { alertname, ...labels } = ruleLabels(rule);
      const checkpoints = [...new Set([rule.forSeconds - interval, rule.forSeconds + interval].filter((seconds) => seconds >= 0))];
      const samples = Math.ceil(checkpoints.at(-1)! / interval) + 1;
      return probeValues(rule).map(({ name, value }) => ({
        name: `${rule.id}: ${name} the threshold (${value})`,
        interval: duration(interval),
        input_series: [{ series: recordedSeriesOf(rule.metric), values: `${value}+0x${samples}` }],
        alert_rule_test: checkpoints.map((seconds) => ({
          eval_time: duration(seconds),
          alertname,
          exp_alerts: isFiringAfter(rule, value, seconds, interval) ? [{ exp_labels: labels, exp_annotations: ruleAnnotations(rule, ctx.appUrl) }] : [],
        })),
      }));
    });
  return stringify({ rule_files: [RULE_FILE_NAME], evaluation_interval: duration(interval), tests }, { lineWidth: 0 });
}
