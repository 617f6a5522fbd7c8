import type { PrismaClient } from "@/generated/prisma/client";
import { logger } from "@/lib/logging/logger";
import { DEFAULT_THRESHOLD_RULES } from "@/lib/scaling/default-rules";
import { listRuleThresholds, type RuleThresholdRow } from "./repo";

/**
 * The one table of capacity thresholds: each guide metric's value comes from the stored,
 * editable threshold rules (the scaling rules page), so an edit moves every place that reads it —
 * the autoscaler's triggers, the worker scaler, the detectors, and the lines and badges drawn.
 * Units as the rules hold them: percents and seconds.
 */
export type CapacityThresholds = {
  cpuUtilizationPercent: number;
  memoryUtilizationPercent: number;
  dbPoolUtilizationPercent: number;
  p95LatencySeconds: number;
};

const RULE_METRIC: Record<keyof CapacityThresholds, string> = {
  cpuUtilizationPercent: "cpu_utilization_percent",
  memoryUtilizationPercent: "memory_utilization_percent",
  dbPoolUtilizationPercent: "db_pool_utilization_percent",
  p95LatencySeconds: "http_request_p95_seconds",
};

/**
 * Each metric's threshold from the rules: the lowest of the rules on that metric (the first to
 * fire), else the guide's default. Pure.
 */
export function thresholdsFromRules(rules: readonly RuleThresholdRow[]): CapacityThresholds {
  const lowest = (metric: string, fallback: readonly Pick<RuleThresholdRow, "metric" | "threshold">[]) => {
    const values = rules.filter((rule) => rule.metric === metric && rule.comparator === ">").map((rule) => rule.threshold);
    return values.length > 0 ? Math.min(...values) : Math.min(...fallback.filter((rule) => rule.metric === metric).map((rule) => rule.threshold));
  };
  const entries = Object.entries(RULE_METRIC).map(([key, metric]) => [key, lowest(metric, DEFAULT_THRESHOLD_RULES)]);
  return Object.fromEntries(entries) as CapacityThresholds;
}

export const GUIDE_THRESHOLDS: CapacityThresholds = thresholdsFromRules([]);

/** The thresholds in force now, read from the stored rules. */
export async function readCapacityThresholds(client: PrismaClient): Promise<CapacityThresholds> {
  return thresholdsFromRules(await listRuleThresholds(client));
}

/** A reader that keeps the last thresholds it had (the guide's at first) when a read fails. */
export function lastGoodThresholds(read: () => Promise<CapacityThresholds>): () => Promise<CapacityThresholds> {
  let last = GUIDE_THRESHOLDS;
  return async () => {
    try {
      last = await read();
    } catch (error) {
      logger.warn("could not read the threshold rules; keeping the last thresholds", { err: error });
    }
    return last;
  };
}

type SignalThreshold = { op: ">"; value: number; source: string };

/** The thresholds drawn on the ops charts, in each signal's own unit (ratios 0–1, seconds). */
export function signalThresholds(t: CapacityThresholds): Record<string, SignalThreshold> {
  return {
    cpu_utilization: { op: ">", value: t.cpuUtilizationPercent / 100, source: `CPU > ${t.cpuUtilizationPercent} % (threshold rule)` },
    memory_utilization: { op: ">", value: t.memoryUtilizationPercent / 100, source: `memory > ${t.memoryUtilizationPercent} % of the instance's budget (threshold rule)` },
    db_pool_utilization: { op: ">", value: t.dbPoolUtilizationPercent / 100, source: `> ${t.dbPoolUtilizationPercent} % of pool utilized (threshold rule)` },
    http_latency_p95: { op: ">", value: t.p95LatencySeconds, source: `p95 response time > ${t.p95LatencySeconds} s (threshold rule)` },
  };
}
