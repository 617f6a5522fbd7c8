import { resolveHpaBehavior } from "@/lib/scaling/hpa-behavior-defaults";
import { normalizeDesiredReplicas } from "@/lib/scaling/hpa-normalize";
import type { ScaleEvent } from "@/lib/scaling/hpa-rate-limits";
import { calculateReplicasForMetric, DEFAULT_TOLERANCE, type MetricReading } from "@/lib/scaling/hpa-replica-ratio";
import type { PastRecommendation } from "@/lib/scaling/hpa-stabilization";
import type { HpaPolicy } from "@/lib/scaling/schemas";

/** What the instances use, summed over all of them, over the last interval. Pure inputs. */
export type Usage = { cpuMilli: number; memoryBytes: number };
export type Requests = { cpuMilliPerInstance: number; memoryBytesPerInstance: number };
export type History = { recommendations: PastRecommendation[]; scaleUpEvents: ScaleEvent[]; scaleDownEvents: ScaleEvent[] };

/**
 * The guide's scale-up triggers ("DB pool > 80 % utilized", "p95 response time > 2 s") read as
 * autoscaler metrics, the way an HPA takes Pods and External metrics: the busiest pool's
 * utilization averaged over the instances (a Pods metric, AverageValue), and the app's p95
 * latency (an External metric, Value). A reading is null when there was nothing to measure.
 */
export type TriggerReadings = { dbPool: { name: string; utilizationRatio: number } | null; p95LatencySeconds: number | null };
export type TriggerTargets = { dbPoolUtilizationPercent: number; p95LatencySeconds: number };

/** One metric's view: its reading and target in words, and the replica count it asks for. */
export type MetricProposal = { name: string; current: string; target: string; replicas: number };

export type Recommendation = {
  currentReplicas: number;
  /** What the metrics ask for before the policy's stabilization and rate limits: the largest proposal. */
  metricsReplicas: number;
  desiredReplicas: number;
  cpuUtilizationPercent: number;
  memoryUtilizationPercent: number;
  /** Every metric's proposal; the driving one is named first in the reason. */
  proposals: MetricProposal[];
  drivingMetric: string;
  reason: string;
};

const percent = (used: number, requested: number) => Math.floor((used * 100) / requested);
const seconds = (value: number) => `${Number(value.toFixed(2))} s`;

/** A total spread over the instances (Kubernetes counts one reading per ready pod). */
function perInstance(total: number, instances: number): number[] {
  const base = Math.floor(total / instances);
  return Array.from({ length: instances }, (_, index) => base + (index < total - base * instances ? 1 : 0));
}

type Proposal = MetricProposal & { utilization?: number };

function resourceProposals(currentReplicas: number, usage: Usage, requests: Requests, policy: HpaPolicy): Proposal[] {
  return policy.metrics.map((metric) => {
    const isCpu = metric.resource.name === "cpu";
    const used = isCpu ? Math.round(usage.cpuMilli) : Math.round(usage.memoryBytes);
    const requested = (isCpu ? requests.cpuMilliPerInstance : requests.memoryBytesPerInstance) * currentReplicas;
    const targetPercent = metric.resource.target.averageUtilization;
    const reading: MetricReading = { target: "Utilization", targetPercent, podUsagesMilli: perInstance(used, currentReplicas), podRequestsMilli: perInstance(requested, currentReplicas) };
    const utilization = percent(used, requested);
    return { name: isCpu ? "CPU" : "memory", current: `${utilization} %`, target: `${targetPercent} %`, utilization, replicas: calculateReplicasForMetric(currentReplicas, DEFAULT_TOLERANCE, reading) };
  });
}

function triggerProposals(currentReplicas: number, triggers: { readings: TriggerReadings; targets: TriggerTargets } | undefined): Proposal[] {
  if (!triggers) return [];
  const { readings, targets } = triggers;
  const proposals: Proposal[] = [];
  if (readings.dbPool) {
    // Every instance has its own pool; the reading is their average, so each pod reports it.
    const valueMilli = Math.round(readings.dbPool.utilizationRatio * 1000);
    const reading: MetricReading = { target: "AverageValuePerPod", targetMilli: targets.dbPoolUtilizationPercent * 10, podValuesMilli: Array.from({ length: currentReplicas }, () => valueMilli) };
    proposals.push({
      name: `DB pool (${readings.dbPool.name})`,
      current: `${Math.floor(readings.dbPool.utilizationRatio * 100)} %`,
      target: `${targets.dbPoolUtilizationPercent} %`,
      replicas: calculateReplicasForMetric(currentReplicas, DEFAULT_TOLERANCE, reading),
    });
  }
  if (readings.p95LatencySeconds !== null) {
    const reading: MetricReading = { target: "Value", targetMilli: Math.round(targets.p95LatencySeconds * 1000), valueMilli: Math.round(readings.p95LatencySeconds * 1000) };
    proposals.push({ name: "p95 latency", current: seconds(readings.p95LatencySeconds), target: seconds(targets.p95LatencySeconds), replicas: calculateReplicasForMetric(currentReplicas, DEFAULT_TOLERANCE, reading) });
  }
  return proposals;
}

/**
 * The HPA's decision for the local instances: each metric's replica ratio (resources as
 * Kubernetes computes Utilization, summed usage over summed requests; the guide's triggers as Pods
 * and External metrics), the largest proposal wins, then the policy's behavior (stabilization,
 * rate limits, min/max) — with a reason naming the metric that drove it.
 */
export function recommendReplicas(input: {
  currentReplicas: number;
  usage: Usage;
  requests: Requests;
  policy: HpaPolicy;
  history: History;
  triggers?: { readings: TriggerReadings; targets: TriggerTargets };
}): Recommendation {
  const { currentReplicas, usage, requests, policy, history } = input;
  const resources = resourceProposals(currentReplicas, usage, requests, policy);
  const proposals = [...resources, ...triggerProposals(currentReplicas, input.triggers)];
  const metricsReplicas = Math.max(...proposals.map((proposal) => proposal.replicas));
  const desiredReplicas = normalizeDesiredReplicas({
    minReplicas: policy.minReplicas,
    maxReplicas: policy.maxReplicas,
    currentReplicas,
    desiredReplicas: metricsReplicas,
    behavior: resolveHpaBehavior(policy.behavior),
    ...history,
  });
  // Ties go to the first metric listed, as the HPA keeps the first metric at the largest proposal.
  const driving = proposals.reduce((best, proposal) => (proposal.replicas > best.replicas ? proposal : best));
  const others = proposals.filter((proposal) => proposal !== driving).map((proposal) => `${proposal.name} ${proposal.current} vs ${proposal.target}`);
  const held = desiredReplicas !== metricsReplicas ? `; held at ${desiredReplicas} by the policy (${describeHold(currentReplicas, metricsReplicas, desiredReplicas, policy)})` : "";
  return {
    currentReplicas,
    metricsReplicas,
    desiredReplicas,
    cpuUtilizationPercent: resources.find((proposal) => proposal.name === "CPU")?.utilization ?? 0,
    memoryUtilizationPercent: resources.find((proposal) => proposal.name === "memory")?.utilization ?? 0,
    proposals: proposals.map(({ name, current, target, replicas }) => ({ name, current, target, replicas })),
    drivingMetric: driving.name,
    reason: `${driving.name} ${driving.current} vs target ${driving.target} → ${metricsReplicas}${others.length ? ` (${others.join(", ")})` : ""}${held}`,
  };
}

function describeHold(current: number, wanted: number, desired: number, policy: HpaPolicy): string {
  if (desired === policy.maxReplicas && wanted > desired) return `maximum ${policy.maxReplicas}`;
  if (desired === policy.minReplicas && wanted < desired) return `minimum ${policy.minReplicas}`;
  if (wanted < current) return "scale-down stabilization window or rate limit";
  return "scale-up rate limit";
}
