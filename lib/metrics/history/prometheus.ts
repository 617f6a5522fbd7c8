import type { HistoryQuery, HistorySource, SeriesPoints } from "./types";

const RATE = "rate({metric}[1m])";
const rate = (metric: string) => RATE.replace("{metric}", metric);

/** Each signal as PromQL, with the labels that name its series (as our own samples name them). */
const QUERIES: Record<string, { promql: string; labels: string[] }> = {
  http_request_rate: { promql: `sum(${rate("http_request_duration_seconds_count")})`, labels: [] },
  http_error_ratio: {
    promql: `sum(${rate('http_request_duration_seconds_count{status=~"5.."}')}) / sum(${rate("http_request_duration_seconds_count")})`,
    labels: [],
  },
  http_latency_p50: { promql: `histogram_quantile(0.5, sum by (le) (${rate("http_request_duration_seconds_bucket")}))`, labels: [] },
  http_latency_p95: { promql: `histogram_quantile(0.95, sum by (le) (${rate("http_request_duration_seconds_bucket")}))`, labels: [] },
  http_latency_p99: { promql: `histogram_quantile(0.99, sum by (le) (${rate("http_request_duration_seconds_bucket")}))`, labels: [] },
  cpu_utilization: { promql: `sum(${rate("process_cpu_seconds_total")}) / sum(agency_cpu_cores)`, labels: [] },
  memory_utilization: { promql: "sum(process_resident_memory_bytes) / sum(agency_memory_limit_bytes)", labels: [] },
  event_loop_lag_p99: { promql: "max(nodejs_eventloop_lag_p99_seconds)", labels: [] },
  db_pool_utilization: { promql: "max by (pool, target) (db_pool_utilization_ratio)", labels: ["pool", "target"] },
  db_replica_lag_seconds: { promql: "max by (replica) (db_replica_lag_seconds)", labels: ["replica"] },
  db_replica_lag_bytes: { promql: "max by (replica) (db_replica_lag_bytes)", labels: ["replica"] },
  cache_hit_ratio: {
    promql: `sum by (level) (${rate('cache_requests_total{result="hit"}')}) / sum by (level) (${rate("cache_requests_total")})`,
    labels: ["level"],
  },
  queue_depth: { promql: "max(agency_workflow_queue_depth)", labels: [] },
  workflow_oldest_waiting_seconds: { promql: "max(agency_workflow_oldest_waiting_age_seconds)", labels: [] },
  workflow_running: { promql: "max(agency_workflow_running)", labels: [] },
  workflow_running_limit: { promql: "max(agency_workflow_running_limit)", labels: [] },
  workflow_throughput: { promql: `sum(${rate("workflow_executions_total")})`, labels: [] },
  workflow_failure_rate: { promql: `sum(${rate('workflow_executions_total{status="failed"}')})`, labels: [] },
  workflow_retry_rate: { promql: `sum(${rate("agency_workflow_step_retries_total")})`, labels: [] },
  instances: { promql: "sum(agency_instances)", labels: [] },
};

type RangeResponse = { status: string; error?: string; data?: { result: { metric: Record<string, string>; values: [number, string][] }[] } };

function seriesName(signal: string, labels: string[], metric: Record<string, string>): string {
  return labels.length === 0 ? signal : `${signal}:${labels.map((label) => metric[label] ?? "").join("/")}`;
}

/** History from Prometheus's HTTP API (range queries), when PROMETHEUS_URL is set. */
export function prometheusHistory(baseUrl: string, fetchImpl: typeof fetch = fetch): HistorySource {
  async function rangeOf(signal: string, { fromMs, toMs, stepSeconds }: HistoryQuery): Promise<SeriesPoints[]> {
    const query = QUERIES[signal];
    if (!query) return [];
    const params = new URLSearchParams({ query: query.promql, start: String(fromMs / 1000), end: String(toMs / 1000), step: `${Math.max(1, Math.round(stepSeconds))}s` });
    const response = await fetchImpl(`${baseUrl.replace(/\/$/, "")}/api/v1/query_range?${params}`, { signal: AbortSignal.timeout(5_000) });
    const body = (await response.json()) as RangeResponse;
    if (body.status !== "success" || !body.data) throw new Error(`Prometheus query for ${signal} failed: ${body.error ?? response.status}`);
    return body.data.result.map((result) => ({
      series: seriesName(signal, query.labels, result.metric),
      points: result.values.map(([seconds, value]): [number, number] => [seconds * 1000, Number(value)]).filter(([, value]) => Number.isFinite(value)),
    }));
  }
  return {
    name: "prometheus",
    async range(query) {
      return (await Promise.all(query.signals.map((signal) => rangeOf(signal, query)))).flat();
    },
  };
}

/** A signal's PromQL over this app's /api/metrics series (the rule export builds on it); undefined when unknown. */
export function signalPromql(signal: string): string | undefined {
  return QUERIES[signal]?.promql;
}
