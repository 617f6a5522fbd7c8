import { Counter, Gauge, Histogram } from "prom-client";
import { metrics } from "@/lib/metrics/registry";
import { processSingleton } from "@/lib/process-singleton";
import type { Semaphore } from "./semaphore";

/** The module runtime's series; slot gauges read every runner's semaphore at scrape time. */
function createModuleMetrics() {
  const slots = new Set<Semaphore>();
  const registers = [metrics.registry];
  const slotGauge = (name: string, help: string, read: (semaphore: Semaphore) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set([...slots].reduce((sum, semaphore) => sum + read(semaphore), 0));
      },
    });
  slotGauge("agency_module_activations_running", "Module activations running now in this process", (semaphore) => semaphore.running);
  slotGauge("agency_module_activations_waiting", "Module activations waiting for a free slot", (semaphore) => semaphore.waiting);
  slotGauge("agency_module_activations_limit", "Module activations allowed to run at once per process", (semaphore) => semaphore.limit);
  return {
    slots,
    activations: new Counter({
      name: "agency_module_activations_total",
      help: "Finished module activations by result (active, failed)",
      labelNames: ["result"] as const,
      registers,
    }),
    activationDuration: new Histogram({
      name: "agency_module_activation_duration_seconds",
      help: "Time from claiming a pending activation to its result, retries included, by result",
      labelNames: ["result"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    resolutions: new Counter({
      name: "agency_module_resolutions_total",
      help: "Dependency resolutions by result (resolved, cached, refused)",
      labelNames: ["result"] as const,
      registers,
    }),
    healthChecks: new Counter({
      name: "agency_module_health_checks_total",
      help: "Health checks of active modules by result (passed, failed)",
      labelNames: ["result"] as const,
      registers,
    }),
  };
}

export const moduleMetrics = processSingleton("module-metrics", createModuleMetrics);
