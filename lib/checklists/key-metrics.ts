import { getSignals } from "@/lib/ops/service";

/** The signals a scaling decision is judged by, frozen into evidence when an item or a sign-off asks. */
const KEY_SIGNALS = ["http_request_rate", "http_error_ratio", "http_latency_p95", "cpu_utilization", "memory_utilization", "db_pool_utilization", "db_replica_lag_seconds", "instances"];

export type KeyMetric = { key: string; label: string; unit: string; value: number | null; state: string };
export type KeyMetricsSnapshot = { at: string; source: string; window: string; metrics: KeyMetric[] };

/**
 * The current value of each key signal (the worst series where there are several, e.g. one per
 * pool), as the ops overview shows it now.
 */
export async function snapshotKeyMetrics(nowMs = Date.now()): Promise<KeyMetricsSnapshot> {
  const signals = await getSignals({ range: "15m", signals: KEY_SIGNALS.join(",") }, nowMs);
  return {
    at: new Date(nowMs).toISOString(),
    source: signals.source,
    window: "latest sample within 3 sampling intervals",
    metrics: signals.signals.map((signal) => {
      const values = signal.series.map((series) => series.current).filter((value): value is number => value !== null);
      return { key: signal.key, label: signal.label, unit: signal.unit, value: values.length > 0 ? Math.max(...values) : null, state: signal.state };
    }),
  };
}
