import type { MetricsSnapshot } from "./snapshot";
import { histogramQuantile } from "./quantile";

/** What the ops views chart. Each signal is computed from two consecutive snapshots. */
export type SignalUnit = "req/s" | "per-s" | "ratio" | "seconds" | "bytes" | "count";
export type Threshold = { op: ">"; value: number; source: string };
export type SignalDefinition = {
  key: string;
  label: string;
  unit: SignalUnit;
  threshold?: Threshold;
  /** Charted by a detail view that asks for it by name (e.g. /ops/queue), not on the overview. */
  detailOnly?: true;
  /** What the figure divides by, where another view shows a figure of the same name (the tile's tooltip). */
  definition?: string;
};
export type SignalValue = { series: string; value: number };

/**
 * What the ops views chart. The guide's vertical-scaling thresholds (CPU, memory, DB pool, p95)
 * come from the stored rules at read time (lib/capacity/thresholds.ts); only thresholds with no
 * rule behind them are written here.
 */
export const SIGNALS: SignalDefinition[] = [
  { key: "http_request_rate", label: "Request rate", unit: "req/s" },
  { key: "http_error_ratio", label: "Error rate (5xx)", unit: "ratio" },
  { key: "http_latency_p50", label: "Latency p50", unit: "seconds" },
  { key: "http_latency_p95", label: "Latency p95", unit: "seconds" },
  { key: "http_latency_p99", label: "Latency p99", unit: "seconds" },
  { key: "cpu_utilization", label: "CPU", unit: "ratio", definition: "CPU time of all instances ÷ the machine's cores. The autoscaler divides by the instances' CPU requests instead (APP_CPU_REQUEST_MILLICORES each)." },
  { key: "memory_utilization", label: "Memory", unit: "ratio", definition: "Resident memory of all instances ÷ the memory available to the machine (cgroup limit or total RAM). The autoscaler divides by the instances' memory budget instead (APP_MEMORY_REQUEST_MB each)." },
  { key: "event_loop_lag_p99", label: "Event-loop lag p99", unit: "seconds" },
  { key: "db_pool_utilization", label: "DB pool utilization", unit: "ratio" },
  { key: "db_replica_lag_seconds", label: "Replica lag", unit: "seconds" },
  { key: "db_replica_lag_bytes", label: "Replica lag (WAL bytes)", unit: "bytes" },
  { key: "cache_hit_ratio", label: "Cache hit ratio", unit: "ratio" },
  { key: "queue_depth", label: "Queue depth", unit: "count", threshold: { op: ">", value: 100, source: "workers scale up at queue length > 100" } },
  { key: "active_users", label: "Active users (24 h)", unit: "count", detailOnly: true },
  { key: "instances", label: "Instances", unit: "count", definition: "Instances running now, as the Instances panel counts them (the same query); the trend line is the sampled history." },
  { key: "workflow_oldest_waiting_seconds", label: "Oldest waiting execution", unit: "seconds", detailOnly: true },
  { key: "workflow_running", label: "Running executions", unit: "count", detailOnly: true },
  { key: "workflow_running_limit", label: "Running limit", unit: "count", detailOnly: true },
  { key: "workflow_throughput", label: "Executions finished", unit: "per-s", detailOnly: true },
  { key: "workflow_failure_rate", label: "Executions failed", unit: "per-s", detailOnly: true },
  { key: "workflow_retry_rate", label: "Step retries", unit: "per-s", detailOnly: true },
];

export function findSignal(key: string): SignalDefinition | undefined {
  return SIGNALS.find((signal) => signal.key === key);
}

/** A series is a signal, or a signal for one pool / replica / level: `db_pool_utilization:write/primary`. */
export function signalOf(series: string): string {
  return series.split(":")[0]!;
}

const sum = (rows: { value: number }[] | undefined) => (rows ?? []).reduce((total, row) => total + row.value, 0);

function counterDelta(previous: MetricsSnapshot, current: MetricsSnapshot, name: string, match: (labels: Record<string, string | number>) => boolean) {
  const total = (snapshot: MetricsSnapshot) => sum(snapshot.counters[name]?.filter((row) => match(row.labels)));
  return Math.max(0, total(current) - total(previous));
}

/** A latency quantile of the requests served between two snapshots; null when none were. */
export function intervalLatencyQuantile(previous: MetricsSnapshot, current: MetricsSnapshot, quantile: number): number | null {
  const before = new Map(previous.http.buckets.map((bucket) => [bucket.le, bucket.count]));
  const delta = current.http.buckets.map((bucket) => ({ le: bucket.le, count: bucket.count - (before.get(bucket.le) ?? 0) }));
  return histogramQuantile(quantile, delta);
}

function latencyQuantiles(previous: MetricsSnapshot, current: MetricsSnapshot): SignalValue[] {
  return ([["http_latency_p50", 0.5], ["http_latency_p95", 0.95], ["http_latency_p99", 0.99]] as const).flatMap(([series, quantile]) => {
    const value = intervalLatencyQuantile(previous, current, quantile);
    return value === null ? [] : [{ series, value }];
  });
}

function cacheHitRatios(previous: MetricsSnapshot, current: MetricsSnapshot): SignalValue[] {
  return ["l1", "l2"].flatMap((level) => {
    const hits = counterDelta(previous, current, "cache_requests_total", (labels) => labels.level === level && labels.result === "hit");
    const all = counterDelta(previous, current, "cache_requests_total", (labels) => labels.level === level);
    return all > 0 ? [{ series: `cache_hit_ratio:${level}`, value: hits / all }] : [];
  });
}

/**
 * The workflow queue: depth, wait and slots are global gauges read from the database (the max
 * across instances is the value); finished, failed and retried are rates of this app's counters.
 */
function workflowQueueSignals(previous: MetricsSnapshot, current: MetricsSnapshot, seconds: number): SignalValue[] {
  const latest = (name: string) => {
    const rows = current.gauges[name] ?? [];
    return rows.length > 0 ? Math.max(...rows.map((row) => row.value)) : null;
  };
  const gauges = [
    ["queue_depth", latest("agency_workflow_queue_depth")],
    ["workflow_oldest_waiting_seconds", latest("agency_workflow_oldest_waiting_age_seconds")],
    ["workflow_running", latest("agency_workflow_running")],
    ["workflow_running_limit", latest("agency_workflow_running_limit")],
  ] as const;
  const perSecond = (name: string, match: (labels: Record<string, string | number>) => boolean = () => true) => counterDelta(previous, current, name, match) / seconds;
  return [
    ...gauges.flatMap(([series, value]) => (value === null ? [] : [{ series, value }])),
    ...(current.counters.workflow_executions_total
      ? [
          { series: "workflow_throughput", value: perSecond("workflow_executions_total") },
          { series: "workflow_failure_rate", value: perSecond("workflow_executions_total", (labels) => labels.status === "failed") },
        ]
      : []),
    ...(current.counters.agency_workflow_step_retries_total ? [{ series: "workflow_retry_rate", value: perSecond("agency_workflow_step_retries_total") }] : []),
  ];
}

/** Every signal's value over the interval between two snapshots (a signal without data is left out). */
export function computeSignals(previous: MetricsSnapshot, current: MetricsSnapshot): SignalValue[] {
  const seconds = (current.atMs - previous.atMs) / 1000;
  if (seconds <= 0) return [];
  const requests = Math.max(0, current.http.requests - previous.http.requests);
  const errors = Math.max(0, current.http.serverErrors - previous.http.serverErrors);
  const gauge = (name: string) => current.gauges[name] ?? [];
  const values: SignalValue[] = [
    { series: "http_request_rate", value: requests / seconds },
    ...(requests > 0 ? [{ series: "http_error_ratio", value: errors / requests }] : []),
    ...latencyQuantiles(previous, current),
    { series: "cpu_utilization", value: Math.max(0, current.cpuSeconds - previous.cpuSeconds) / seconds / current.cores },
    { series: "memory_utilization", value: current.rssBytes / current.memoryLimitBytes },
    ...(current.eventLoopLagP99Seconds === null ? [] : [{ series: "event_loop_lag_p99", value: current.eventLoopLagP99Seconds }]),
    ...gauge("db_pool_utilization_ratio").map((row) => ({ series: `db_pool_utilization:${row.labels.pool}/${row.labels.target}`, value: row.value })),
    ...gauge("db_replica_lag_seconds").map((row) => ({ series: `db_replica_lag_seconds:${row.labels.replica}`, value: row.value })),
    ...gauge("db_replica_lag_bytes").map((row) => ({ series: `db_replica_lag_bytes:${row.labels.replica}`, value: row.value })),
    ...cacheHitRatios(previous, current),
    ...workflowQueueSignals(previous, current, seconds),
    { series: "instances", value: gauge("agency_instances").length > 0 ? sum(gauge("agency_instances")) : 1 },
    // Kept as history so the sizing page can fit a week's growth in active users.
    ...gauge("active_users_total").filter((row) => row.labels.timeframe === "24h").map((row) => ({ series: "active_users", value: row.value })),
  ];
  return values.filter((entry) => Number.isFinite(entry.value));
}

export type ThresholdState = "ok" | "warning" | "critical" | "no-data";

/** Critical past the threshold, warning within 10 % of it. */
export function thresholdState(value: number | null, threshold: Threshold | undefined): ThresholdState {
  if (value === null) return "no-data";
  if (!threshold) return "ok";
  if (value > threshold.value) return "critical";
  return value >= threshold.value * 0.9 ? "warning" : "ok";
}
