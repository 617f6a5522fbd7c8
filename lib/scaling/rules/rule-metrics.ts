import { findValueAtEvalTime, type SeriesPoint } from "../series-value";
import type { ScalingMetric } from "../schemas";

// A rule speaks in the guide's units (CPU > 70 %, p95 > 2 s); the sampler records signals as
// ratios and seconds (lib/metrics/signals.ts). This table is the one place the two meet.
// Pure: the thresholds page imports it too.

export type RuleUnit = "percent" | "seconds";

export type RuleMetricBinding = {
  /** The sampled signal (its series are `signal` or `signal:<labels>`). */
  signal: string;
  label: string;
  unit: RuleUnit;
  /** Signal value × scale = value in the rule's unit. */
  scale: number;
  /** Thresholds outside this range can never (or always) match, so an edit is refused. */
  thresholdRange: { min: number; max: number };
};

export const RULE_METRICS: Record<ScalingMetric, RuleMetricBinding> = {
  cpu_utilization_percent: { signal: "cpu_utilization", label: "CPU utilization", unit: "percent", scale: 100, thresholdRange: { min: 0, max: 100 } },
  memory_utilization_percent: { signal: "memory_utilization", label: "Memory utilization", unit: "percent", scale: 100, thresholdRange: { min: 0, max: 100 } },
  db_pool_utilization_percent: { signal: "db_pool_utilization", label: "DB pool utilization", unit: "percent", scale: 100, thresholdRange: { min: 0, max: 100 } },
  http_request_p95_seconds: { signal: "http_latency_p95", label: "Latency p95", unit: "seconds", scale: 1, thresholdRange: { min: 0, max: 600 } },
};

/**
 * What a rule sees at one evaluation: each series' value as PromQL would pick it (latest sample
 * within the 5-minute lookback), the largest of them for a multi-series signal (`max` over pools),
 * in the rule's unit. Null when no series has a value.
 */
export function findRuleValue(seriesPoints: readonly (readonly SeriesPoint[])[], evalTimeSeconds: number, scale: number): number | null {
  let max: number | null = null;
  for (const points of seriesPoints) {
    const value = findValueAtEvalTime(points, evalTimeSeconds);
    if (value !== null && (max === null || value > max)) max = value;
  }
  return max === null ? null : max * scale;
}

/** "83 %", "1.25 s", "240 ms": a value in the rule's unit, for cards and axes. */
export function formatRuleValue(unit: RuleUnit, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "—";
  if (unit === "percent") return `${Number(value.toFixed(1))} %`;
  return value < 1 ? `${Number((value * 1000).toFixed(0))} ms` : `${Number(value.toFixed(2))} s`;
}
