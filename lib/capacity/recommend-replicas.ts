import { resolveHpaBehavior } from "@/lib/scaling/hpa-behavior-defaults";
import { normalizeDesiredReplicas } from "@/lib/scaling/hpa-normalize";
import type { ScaleEvent } from "@/lib/scaling/hpa-rate-limits";
import { calculateReplicasForMetric, DEFAULT_TOLERANCE } from "@/lib/scaling/hpa-replica-ratio";
import type { PastRecommendation } from "@/lib/scaling/hpa-stabilization";
import type { HpaPolicy } from "@/lib/scaling/schemas";

/** What the instances use, summed over all of them, over the last interval. Pure inputs. */
export type Usage = { cpuMilli: number; memoryBytes: number };
export type Requests = { cpuMilliPerInstance: number; memoryBytesPerInstance: number };
export type History = { recommendations: PastRecommendation[]; scaleUpEvents: ScaleEvent[]; scaleDownEvents: ScaleEvent[] };

export type Recommendation = {
  currentReplicas: number;
  /** What the metrics ask for before the policy's stabilization and rate limits. */
  metricsReplicas: number;
  desiredReplicas: number;
  cpuUtilizationPercent: number;
  memoryUtilizationPercent: number;
  reason: string;
};

const percent = (used: number, requested: number) => Math.floor((used * 100) / requested);

/** A total spread over the instances (Kubernetes counts one reading per ready pod). */
function perInstance(total: number, instances: number): number[] {
  const base = Math.floor(total / instances);
  return Array.from({ length: instances }, (_, index) => base + (index < total - base * instances ? 1 : 0));
}

/**
 * The HPA's decision for the local instances: each resource metric's replica ratio (as
 * Kubernetes computes Utilization: summed usage over summed requests), the largest wins, then
 * the policy's behavior (stabilization, rate limits, min/max) — with a reason in words.
 */
export function recommendReplicas(input: { currentReplicas: number; usage: Usage; requests: Requests; policy: HpaPolicy; history: History }): Recommendation {
  const { currentReplicas, usage, requests, policy, history } = input;
  const cpuRequested = requests.cpuMilliPerInstance * currentReplicas;
  const memoryRequested = requests.memoryBytesPerInstance * currentReplicas;
  const readings = policy.metrics.map((metric) => {
    const isCpu = metric.resource.name === "cpu";
    const used = isCpu ? Math.round(usage.cpuMilli) : Math.round(usage.memoryBytes);
    const requested = isCpu ? cpuRequested : memoryRequested;
    const targetPercent = metric.resource.target.averageUtilization;
    const replicas = calculateReplicasForMetric(currentReplicas, DEFAULT_TOLERANCE, {
      target: "Utilization",
      targetPercent,
      podUsagesMilli: perInstance(used, currentReplicas),
      podRequestsMilli: perInstance(requested, currentReplicas),
    });
    return { name: isCpu ? "CPU" : "memory", utilization: percent(used, requested), targetPercent, replicas };
  });
  const metricsReplicas = Math.max(...readings.map((reading) => reading.replicas));
  const desiredReplicas = normalizeDesiredReplicas({
    minReplicas: policy.minReplicas,
    maxReplicas: policy.maxReplicas,
    currentReplicas,
    desiredReplicas: metricsReplicas,
    behavior: resolveHpaBehavior(policy.behavior),
    ...history,
  });
  const deciding = readings.reduce((best, reading) => (reading.replicas > best.replicas ? reading : best));
  const others = readings.filter((reading) => reading !== deciding).map((reading) => `${reading.name} ${reading.utilization} % vs ${reading.targetPercent} %`);
  const held = desiredReplicas !== metricsReplicas ? `; held at ${desiredReplicas} by the policy (${describeHold(currentReplicas, metricsReplicas, desiredReplicas, policy)})` : "";
  return {
    currentReplicas,
    metricsReplicas,
    desiredReplicas,
    cpuUtilizationPercent: readings.find((reading) => reading.name === "CPU")?.utilization ?? 0,
    memoryUtilizationPercent: readings.find((reading) => reading.name === "memory")?.utilization ?? 0,
    reason: `${deciding.name} ${deciding.utilization} % vs target ${deciding.targetPercent} % → ${metricsReplicas}${others.length ? ` (${others.join(", ")})` : ""}${held}`,
  };
}

function describeHold(current: number, wanted: number, desired: number, policy: HpaPolicy): string {
  if (desired === policy.maxReplicas && wanted > desired) return `maximum ${policy.maxReplicas}`;
  if (desired === policy.minReplicas && wanted < desired) return `minimum ${policy.minReplicas}`;
  if (wanted < current) return "scale-down stabilization window or rate limit";
  return "scale-up rate limit";
}
