import { Counter, Gauge, Histogram } from "prom-client";
import { metrics } from "@/lib/metrics/registry";
import { processSingleton } from "@/lib/process-singleton";

/** Seconds: one-step runs finish in milliseconds, long delay/http workflows take up to the 1 h timeout. */
const EXECUTION_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120, 600, 3600];
const STEP_BUCKETS = [0.001, 0.005, 0.025, 0.1, 0.5, 1, 5, 30, 300];

/**
 * Counters and histograms the workers update. Labels stay bounded: status (5), workflow_type
 * (the set of step types, at most 15), step type (4) — never tenant or workflow names.
 */
export const workflowMetrics = processSingleton("metric.workflows", () => ({
  executions: new Counter({
    name: "workflow_executions_total",
    help: "Workflow executions that ended, by final status and workflow type (the set of step types it uses)",
    labelNames: ["status", "workflow_type"] as const,
    registers: [metrics.registry],
  }),
  executionDuration: new Histogram({
    name: "agency_workflow_execution_duration_seconds",
    help: "Time from an execution's first start to its end, by final status and workflow type",
    labelNames: ["status", "workflow_type"] as const,
    buckets: EXECUTION_BUCKETS,
    registers: [metrics.registry],
  }),
  stepDuration: new Histogram({
    name: "agency_workflow_step_duration_seconds",
    help: "Duration of one step attempt, by step type and outcome",
    labelNames: ["type", "outcome"] as const,
    buckets: STEP_BUCKETS,
    registers: [metrics.registry],
  }),
  stepRetries: new Counter({
    name: "agency_workflow_step_retries_total",
    help: "Failed step attempts that were scheduled again, by step type",
    labelNames: ["type"] as const,
    registers: [metrics.registry],
  }),
}));

export type QueueFigures = {
  depth: number;
  oldestWaitingAgeSeconds: number | null;
  running: number;
  runningLimit: number;
  /** The largest tenants by waiting runs (slugs) and `other` for the rest: a bounded label set. */
  depthByTenant: { tenant: string; depth: number }[];
};

/**
 * Point-in-time queue gauges read from the database on scrape. They are global (every instance
 * reads the same rows), so the cluster aggregate takes the max instead of summing copies.
 */
export function registerQueueGauges(read: () => Promise<QueueFigures>): void {
  processSingleton("metric.workflow-queue", () => {
    let pending: Promise<QueueFigures | null> | null = null;
    // The gauges collect in turn on one scrape; they share one read.
    const figures = () => {
      pending ??= read()
        .catch(() => null)
        .finally(() => setTimeout(() => (pending = null), 1_000).unref());
      return pending;
    };
    const gauge = (name: string, help: string, pick: (f: QueueFigures) => number | null) =>
      new Gauge({
        name,
        help,
        registers: [metrics.registry],
        aggregator: "max",
        async collect() {
          const value = await figures();
          const picked = value ? pick(value) : null;
          if (picked !== null) this.set(picked);
        },
      });
    return [
      gauge("agency_workflow_queue_depth", "Workflow executions waiting for a worker", (f) => f.depth),
      gauge("agency_workflow_oldest_waiting_age_seconds", "Age of the longest-waiting workflow execution (0 when none waits)", (f) => f.oldestWaitingAgeSeconds ?? 0),
      gauge("agency_workflow_running", "Workflow executions holding a run slot, across workers", (f) => f.running),
      gauge("agency_workflow_running_limit", "Run slots: workflow executions allowed to run at once across workers", (f) => f.runningLimit),
      new Gauge({
        name: "workflow_queue_depth",
        help: "Workflow executions waiting, by tenant: the largest tenants by slug, every other tenant summed as `other`",
        labelNames: ["tenant"] as const,
        registers: [metrics.registry],
        aggregator: "max",
        async collect() {
          const value = await figures();
          if (!value) return;
          // A tenant that left the top list must not linger with its last value.
          this.reset();
          for (const row of value.depthByTenant) this.set({ tenant: row.tenant }, row.depth);
        },
      }),
    ];
  });
}
