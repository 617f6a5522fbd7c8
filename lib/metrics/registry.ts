import os from "node:os";
import { collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { processSingleton } from "@/lib/process-singleton";

/**
 * Latency buckets, in seconds: the guide's (0.1 … 10 s) with finer ones below 100 ms, where most
 * requests fall — with 0.1 s as the first edge every quantile of a fast API interpolated to
 * exactly 50/95/99 ms. 2 s is an edge so the p95 trigger (> 2 s) is read without bucket error.
 */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 5, 10];

export function memoryLimitBytes(): number {
  const constrained = process.constrainedMemory?.() ?? 0;
  return constrained > 0 && constrained < Number.MAX_SAFE_INTEGER ? constrained : os.totalmem();
}

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // prom-client also exports these gauges under a `_total` name, which Prometheus reserves for
  // counters (promtool flags them); the same values stay available without the suffix.
  for (const duplicate of ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"]) {
    registry.removeSingleMetric(duplicate);
  }
  const httpRequestDuration = new Histogram({
    name: "http_request_duration_seconds",
    help: "Duration of HTTP requests in seconds, by method, route template and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: HTTP_DURATION_BUCKETS,
    registers: [registry],
  });
  // Denominators for utilization, so Prometheus can compute the same ratios the views show.
  new Gauge({ name: "agency_cpu_cores", help: "CPU cores available to this instance", registers: [registry], aggregator: "first" }).set(os.availableParallelism());
  new Gauge({ name: "agency_memory_limit_bytes", help: "Memory available to this instance (cgroup limit or total memory)", registers: [registry], aggregator: "first" }).set(memoryLimitBytes());
  new Gauge({ name: "agency_instances", help: "App instances reporting (1 per process; summed across instances)", registers: [registry] }).set(1);
  return { registry, httpRequestDuration };
}

/** The process-wide registry; every domain registers its metrics here. */
export const metrics = processSingleton("metrics", createMetrics);
