import type { AutoscalingHistoryResponse } from "@/lib/autoscaling/schemas";
import { simulate } from "@/lib/autoscaling/simulate";
import type { HpaPolicy } from "@/lib/scaling/schemas";

/** Enough points for a 1 000 px chart; 24 h of 15 s steps are folded into buckets. */
const MAX_CHART_POINTS = 480;

type SimulationView = {
  actual: [number, number][];
  recommended: [number, number][];
  peakRecommended: number | null;
  scaleUps: number;
  scaleDowns: number;
  /** Instance-minutes over the range: what ran and what the policy would have run. */
  actualInstanceMinutes: number;
  recommendedInstanceMinutes: number;
  lastReason: string | null;
};

/** Each bucket's largest value, so a short spike stays visible when 24 h are folded. */
function foldToMax(points: [number, number][]): [number, number][] {
  const size = Math.ceil(points.length / MAX_CHART_POINTS);
  if (size <= 1) return points;
  const folded: [number, number][] = [];
  for (let start = 0; start < points.length; start += size) {
    const bucket = points.slice(start, start + size);
    folded.push([bucket[0]![0], Math.max(...bucket.map(([, value]) => value))]);
  }
  return folded;
}

/**
 * Replays the history under `policy` with min/max clamped to the local limits (as the running
 * autoscaler applies it), starting from the instances that ran at the first step.
 */
export function buildSimulationView(history: AutoscalingHistoryResponse, policy: HpaPolicy, limits: { minReplicas: number; maxReplicas: number }): SimulationView {
  const minReplicas = Math.min(Math.max(policy.minReplicas, limits.minReplicas), limits.maxReplicas);
  const clamped = { ...policy, minReplicas, maxReplicas: Math.min(Math.max(policy.maxReplicas, minReplicas), limits.maxReplicas) };
  const points = history.points.map(([atMs, cpuMilli, memoryBytes]) => ({ atMs, usage: { cpuMilli, memoryBytes } }));
  const start = history.points.find((point) => point[3] !== null)?.[3] ?? clamped.minReplicas;
  const steps = simulate(clamped, points, start, history.requests);
  const actual = history.points.flatMap(([t, , , instances]): [number, number][] => (instances === null ? [] : [[t, instances]]));
  const recommended = steps.map((step): [number, number] => [step.atMs, step.replicas]);
  const stepMinutes = history.stepSeconds / 60;
  let scaleUps = 0;
  let scaleDowns = 0;
  steps.forEach((step, index) => {
    const before = index === 0 ? start : steps[index - 1]!.replicas;
    if (step.replicas > before) scaleUps++;
    if (step.replicas < before) scaleDowns++;
  });
  return {
    actual: foldToMax(actual),
    recommended: foldToMax(recommended),
    peakRecommended: steps.length ? Math.max(...steps.map((step) => step.replicas)) : null,
    scaleUps,
    scaleDowns,
    actualInstanceMinutes: Math.round(actual.reduce((sum, [, value]) => sum + value * stepMinutes, 0)),
    recommendedInstanceMinutes: Math.round(steps.reduce((sum, step) => sum + step.replicas * stepMinutes, 0)),
    lastReason: steps.at(-1)?.reason ?? null,
  };
}
