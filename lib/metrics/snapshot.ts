import os from "node:os";
import type { MetricObjectWithValues, MetricValue, MetricValueWithName, Registry } from "prom-client";
import type { Bucket } from "./quantile";
import { memoryLimitBytes } from "./registry";

/** The raw readings the signals are derived from, taken from one registry at one moment. */
export type MetricsSnapshot = {
  atMs: number;
  cpuSeconds: number;
  rssBytes: number;
  memoryLimitBytes: number;
  cores: number;
  eventLoopLagP99Seconds: number | null;
  http: { requests: number; serverErrors: number; buckets: Bucket[] };
  /** Gauge values by metric name and label set, e.g. `db_pool_utilization_ratio` → [{labels, value}]. */
  gauges: Record<string, { labels: Record<string, string | number>; value: number }[]>;
  /** Counter totals by metric name and label set. */
  counters: Record<string, { labels: Record<string, string | number>; value: number }[]>;
};

type AnyMetric = MetricObjectWithValues<MetricValue<string> | MetricValueWithName<string>>;

function httpHistogram(metric: AnyMetric | undefined): MetricsSnapshot["http"] {
  const byLe = new Map<number, number>();
  let requests = 0;
  let serverErrors = 0;
  for (const value of metric?.values ?? []) {
    const name = "metricName" in value ? value.metricName : undefined;
    if (name?.endsWith("_bucket")) {
      const le = value.labels.le === "+Inf" ? Infinity : Number(value.labels.le);
      byLe.set(le, (byLe.get(le) ?? 0) + value.value);
    } else if (name?.endsWith("_count")) {
      requests += value.value;
      if (String(value.labels.status).startsWith("5")) serverErrors += value.value;
    }
  }
  return { requests, serverErrors, buckets: [...byLe].map(([le, count]) => ({ le, count })) };
}

function definedLabels(labels: Record<string, string | number | undefined>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(labels).filter((entry): entry is [string, string | number] => entry[1] !== undefined));
}


export async function takeSnapshot(registry: Registry, atMs = Date.now()): Promise<MetricsSnapshot> {
  const all = (await registry.getMetricsAsJSON()) as AnyMetric[];
  const byName = new Map(all.map((metric) => [metric.name, metric]));
  const single = (name: string) => byName.get(name)?.values[0]?.value ?? null;
  const gauges: MetricsSnapshot["gauges"] = {};
  const counters: MetricsSnapshot["counters"] = {};
  for (const metric of all) {
    const type = String(metric.type);
    const target = type === "gauge" ? gauges : type === "counter" ? counters : undefined;
    if (target) target[metric.name] = metric.values.map(({ labels, value }) => ({ labels: definedLabels(labels), value }));
  }
  return {
    atMs,
    cpuSeconds: single("process_cpu_seconds_total") ?? process.cpuUsage().user / 1e6,
    rssBytes: single("process_resident_memory_bytes") ?? process.memoryUsage().rss,
    memoryLimitBytes: memoryLimitBytes(),
    cores: os.availableParallelism(),
    eventLoopLagP99Seconds: single("nodejs_eventloop_lag_p99_seconds"),
    http: httpHistogram(byName.get("http_request_duration_seconds")),
    gauges,
    counters,
  };
}
