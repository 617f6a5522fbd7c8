import { Counter, Gauge } from "prom-client";
import { metrics } from "@/lib/metrics/registry";
import { processSingleton } from "@/lib/process-singleton";
import { featureBreaker } from "./breaker-state";
import { FEATURE_AREAS } from "./tiers";

/** The circuit breaker's series: what it refuses, and which areas it switches off right now. */
export function breakerMetrics() {
  return processSingleton("emergency-metrics", () => {
    const registers = [metrics.registry];
    new Gauge({
      name: "agency_circuit_breaker_degraded",
      help: "1 while the circuit breaker switches off this feature area's non-core routes on this instance",
      labelNames: ["area"] as const,
      registers,
      collect() {
        for (const area of FEATURE_AREAS) this.set({ area }, featureBreaker().degradation("standard", area) ? 1 : 0);
      },
    });
    return {
      rejections: new Counter({
        name: "agency_circuit_breaker_rejections_total",
        help: "Requests answered 503 because the circuit breaker switched their feature area off",
        labelNames: ["area", "tier"] as const,
        registers,
      }),
    };
  });
}
