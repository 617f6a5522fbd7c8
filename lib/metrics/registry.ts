import { collectDefaultMetrics, Histogram, Registry } from "prom-client";
import { processSingleton } from "@/lib/process-singleton";

/** The guide's latency buckets, in seconds. */
export const HTTP_DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpRequestDuration = new Histogram({
    name: "http_request_duration_seconds",
    help: "Duration of HTTP requests in seconds, by method, route template and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: HTTP_DURATION_BUCKETS,
    registers: [registry],
  });
  return { registry, httpRequestDuration };
}

/** The process-wide registry; every domain registers its metrics here. */
export const metrics = processSingleton("metrics", createMetrics);
