import type { MetricValue } from "prom-client";
import { metrics } from "@/lib/metrics/registry";
import { histogramQuantile } from "@/lib/metrics/quantile";
import type { CacheStatusOutput } from "./schemas";

type Figures = Pick<CacheStatusOutput, "levels" | "l1" | "l2Latency">;

/**
 * Reads this process's cache metrics. Only counters, the histogram and the L1 size gauge are read:
 * `cache_hit_ratio`'s collect() resets its window, which belongs to the Prometheus scrape.
 */
async function readValues(name: string): Promise<MetricValue<string>[]> {
  const metric = metrics.registry.getSingleMetric(name);
  return metric ? (await metric.get()).values : [];
}

const total = (values: MetricValue<string>[], match: (labels: MetricValue<string>["labels"]) => boolean) =>
  values.filter((entry) => match(entry.labels)).reduce((sum, entry) => sum + entry.value, 0);

export async function readCacheFigures(): Promise<Figures> {
  const [requests, entries, evictions, l2Duration] = await Promise.all([
    readValues("cache_requests_total"),
    readValues("cache_l1_entries"),
    readValues("cache_l1_evictions_total"),
    readValues("cache_l2_duration_seconds"),
  ]);
  const levels = (["l1", "l2"] as const).map((level) => {
    const hits = total(requests, (labels) => labels.level === level && labels.result === "hit");
    const misses = total(requests, (labels) => labels.level === level && labels.result === "miss");
    return { level, hits, misses, hitRatio: hits + misses > 0 ? hits / (hits + misses) : null };
  });
  // Summed over operations and outcomes: a timed-out call is latency the request paid too.
  const byLe = new Map<number, number>();
  for (const entry of l2Duration) {
    if (!("metricName" in entry) || entry.metricName !== "cache_l2_duration_seconds_bucket") continue;
    const le = entry.labels.le === "+Inf" ? Infinity : Number(entry.labels.le);
    byLe.set(le, (byLe.get(le) ?? 0) + entry.value);
  }
  const buckets = [...byLe].map(([le, count]) => ({ le, count }));
  return {
    levels,
    l1: { entries: total(entries, () => true), evictions: total(evictions, () => true) },
    l2Latency: {
      operations: byLe.get(Infinity) ?? 0,
      p50Seconds: histogramQuantile(0.5, buckets),
      p95Seconds: histogramQuantile(0.95, buckets),
      p99Seconds: histogramQuantile(0.99, buckets),
    },
  };
}
