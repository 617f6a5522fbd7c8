import type { ThresholdRule } from "./schemas";

// The guide's "Vertical Scaling Thresholds" (scalability-guide.md) as alerting rules.
// CPU and memory take their `for` from the guide ("for 10+ minutes", "for 5+ minutes"). The guide
// gives no duration for the other two, so:
// - DB pool: 2 minutes. A saturated pool queues requests within seconds and then answers 503, so
//   waiting 10 minutes would alert after users already see errors; 2 minutes still ignores the
//   burst of a deploy or a cache warm-up that fills the pool for one or two samples.
// - p95 latency: 5 minutes. The p95 is itself computed over a 5-minute rate window, so one slow
//   minute moves it slowly; a further 5 minutes confirms a trend rather than one slow batch.
// keep_firing_for is 5 minutes everywhere: the same as the HPA's scale-down stabilization window,
// so an alert does not resolve (and re-fire) while the autoscaler is still holding capacity for it.
const KEEP_FIRING_FOR_SECONDS = 300;

export const DEFAULT_THRESHOLD_RULES: readonly ThresholdRule[] = [
  {
    id: "cpu-high",
    metric: "cpu_utilization_percent",
    comparator: ">",
    threshold: 70,
    forSeconds: 600,
    keepFiringForSeconds: KEEP_FIRING_FOR_SECONDS,
    severity: "warning",
    action: "add-app-replicas",
  },
  {
    id: "memory-high",
    metric: "memory_utilization_percent",
    comparator: ">",
    threshold: 80,
    forSeconds: 300,
    keepFiringForSeconds: KEEP_FIRING_FOR_SECONDS,
    severity: "warning",
    action: "add-app-replicas",
  },
  {
    id: "db-pool-saturated",
    metric: "db_pool_utilization_percent",
    comparator: ">",
    threshold: 80,
    forSeconds: 120,
    keepFiringForSeconds: KEEP_FIRING_FOR_SECONDS,
    severity: "critical",
    action: "grow-db-pool",
  },
  {
    id: "p95-latency-high",
    metric: "http_request_p95_seconds",
    comparator: ">",
    threshold: 2,
    forSeconds: 300,
    keepFiringForSeconds: KEEP_FIRING_FOR_SECONDS,
    severity: "critical",
    action: "add-app-replicas",
  },
];
