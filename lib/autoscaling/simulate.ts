import type { HpaPolicy } from "@/lib/scaling/schemas";
import { recommendReplicas, type History, type Requests, type Usage } from "@/lib/capacity/recommend-replicas";

/** One HPA sync period's measurement: what all instances used together. */
type SimulationPoint = { atMs: number; usage: Usage };

type SimulationStep = {
  atMs: number;
  /** The replica count the HPA would have run after this step's decision. */
  replicas: number;
  /** What the metrics asked for before stabilization and rate limits. */
  metricsReplicas: number;
  reason: string;
};

/** Like the autoscaler, keep past recommendations and events for the longest window or period that reads them. */
const HISTORY_MS = 60 * 60_000;

type Timed = { atMs: number; replicas: number };

/**
 * Replays usage history through the HPA decision, step by step, as the control loop's autoscaler
 * would have run it under `policy`: each decision becomes the next step's current count, and the
 * recommendations and scale events it made feed stabilization and rate limits later on. The load
 * is taken as given (the same total whatever the count), as the HPA itself assumes.
 */
export function simulate(policy: HpaPolicy, points: readonly SimulationPoint[], startReplicas: number, requests: Requests): SimulationStep[] {
  const recommendations: Timed[] = [];
  const scaleUps: Timed[] = [];
  const scaleDowns: Timed[] = [];
  // The HPA first brings a count outside min/max to the nearest bound (reconcileAutoscaler).
  let current = Math.min(Math.max(Math.round(startReplicas), policy.minReplicas), policy.maxReplicas);
  return points.map(({ atMs, usage }) => {
    const decision = recommendReplicas({ currentReplicas: current, usage, requests, policy, history: historyAt(atMs, recommendations, scaleUps, scaleDowns) });
    recommendations.push({ atMs, replicas: decision.metricsReplicas });
    if (decision.desiredReplicas !== current) {
      (decision.desiredReplicas > current ? scaleUps : scaleDowns).push({ atMs, replicas: Math.abs(decision.desiredReplicas - current) });
    }
    current = decision.desiredReplicas;
    return { atMs, replicas: current, metricsReplicas: decision.metricsReplicas, reason: decision.reason };
  });
}

function historyAt(nowMs: number, recommendations: Timed[], scaleUps: Timed[], scaleDowns: Timed[]): History {
  const recent = (entries: Timed[]) => entries.filter((entry) => nowMs - entry.atMs < HISTORY_MS);
  const age = (entry: Timed) => (nowMs - entry.atMs) / 1000;
  return {
    recommendations: recent(recommendations).map((entry) => ({ ageSeconds: age(entry), replicas: entry.replicas })),
    scaleUpEvents: recent(scaleUps).map((entry) => ({ ageSeconds: age(entry), replicaChange: entry.replicas })),
    scaleDownEvents: recent(scaleDowns).map((entry) => ({ ageSeconds: age(entry), replicaChange: entry.replicas })),
  };
}
