import { appWideRegistry, listInstances, reportAutoscalerDecision } from "@/lib/cluster/instance";
import { logger } from "@/lib/logging/logger";
import { PeriodicTask } from "@/lib/periodic-task";
import type { HpaPolicy } from "@/lib/scaling/schemas";
import { intervalLatencyQuantile } from "@/lib/metrics/signals";
import { takeSnapshot, type MetricsSnapshot } from "@/lib/metrics/snapshot";
import type { AutoscalingPause } from "@/lib/autoscaling/pause";
import { recommendReplicas, type Requests, type TriggerReadings } from "./recommend-replicas";
import type { AutoscalerDecision } from "./reports";
import { scaleTo } from "./scale-to";
import { GUIDE_THRESHOLDS, type CapacityThresholds } from "./thresholds";

type Timed = { atMs: number; replicas: number };
/** Kubernetes keeps recommendations and events for the longest window or period that reads them. */
const HISTORY_MS = 60 * 60_000;

/**
 * The guide's triggers over the last interval: the busiest pool (each pool's utilization is
 * averaged over the instances by the merged registry) and the p95 of the requests served.
 */
export function readTriggers(previous: MetricsSnapshot, current: MetricsSnapshot): TriggerReadings {
  const pools = current.gauges.db_pool_utilization_ratio ?? [];
  const busiest = pools.reduce<(typeof pools)[number] | null>((best, pool) => (best === null || pool.value > best.value ? pool : best), null);
  return {
    dbPool: busiest ? { name: `${busiest.labels.pool}/${busiest.labels.target}`, utilizationRatio: busiest.value } : null,
    p95LatencySeconds: intervalLatencyQuantile(previous, current, 0.95),
  };
}

/**
 * The control loop's autoscaler for the local orchestrator: every interval it measures the
 * instances' CPU and memory and the guide's triggers (DB pool, p95 latency), asks the HPA algorithm for a replica count under the policy, and
 * scales to it through scaleTo (which holds an emergency floor). Runs only on the elected
 * control-loop instance.
 */
export class Autoscaler {
  private previous: MetricsSnapshot | undefined;
  private readonly task: PeriodicTask;
  private recommendations: Timed[] = [];
  private scaleUps: Timed[] = [];
  private scaleDowns: Timed[] = [];
  private last: AutoscalerDecision | undefined;

  constructor(
    /** Read every tick, so a saved policy applies from the next decision on. */
    private readonly policy: () => Promise<HpaPolicy>,
    private readonly requests: Requests,
    intervalMs: number,
    /** While an operator's pause holds, the autoscaler still decides (and shows it) but changes nothing. */
    private readonly pause: () => Promise<AutoscalingPause | null> = async () => null,
    /** The stored rules' thresholds, read every tick: the pool and p95 rules are the triggers' targets. */
    private readonly thresholds: () => Promise<CapacityThresholds> = async () => GUIDE_THRESHOLDS,
  ) {
    this.task = new PeriodicTask("autoscaler tick", intervalMs, () => this.tick(), { runAtStart: false });
  }

  start(): void {
    this.task.start();
  }

  stop(): void {
    this.task.stop();
    this.previous = undefined;
  }

  lastDecision(): AutoscalerDecision | undefined {
    return this.last;
  }

  async tick(nowMs = Date.now()): Promise<void> {
    const status = await listInstances();
    if (!status) return; // a single process has nothing to scale
    const current = await takeSnapshot(await appWideRegistry(), nowMs);
    const previous = this.previous;
    this.previous = current;
    if (!previous) return;
    const seconds = (current.atMs - previous.atMs) / 1000;
    const cpuMilli = (Math.max(0, current.cpuSeconds - previous.cpuSeconds) / seconds) * 1000;
    const currentReplicas = status.desired;
    const thresholds = await this.thresholds();
    const decision = recommendReplicas({
      currentReplicas,
      usage: { cpuMilli, memoryBytes: current.rssBytes },
      requests: this.requests,
      policy: await this.policy(),
      history: this.history(nowMs),
      triggers: {
        readings: readTriggers(previous, current),
        targets: { dbPoolUtilizationPercent: thresholds.dbPoolUtilizationPercent, p95LatencySeconds: thresholds.p95LatencySeconds },
      },
    });
    this.recommendations.push({ atMs: nowMs, replicas: decision.metricsReplicas });
    const pause = decision.desiredReplicas !== currentReplicas ? await this.pause() : null;
    if (pause) {
      const reason = `paused by ${pause.owner} until ${pause.until.toISOString()} (${pause.reason}); would scale ${currentReplicas} → ${decision.desiredReplicas}: ${decision.reason}`;
      this.last = { ...decision, desiredReplicas: currentReplicas, reason, at: new Date(nowMs).toISOString(), applied: false };
      await reportAutoscalerDecision(this.last);
      return;
    }
    let settled = decision;
    if (decision.desiredReplicas !== currentReplicas) {
      const outcome = await scaleTo({ replicas: decision.desiredReplicas, source: "autoscaler" });
      const desiredReplicas = outcome.status.desiredReplicas;
      if (outcome.isHeldByFloor) settled = { ...decision, desiredReplicas, reason: `${decision.reason}; held at ${desiredReplicas} by the emergency scale-up's raised minimum` };
      // Only a change that happened counts against the policy's rate limits.
      if (desiredReplicas !== currentReplicas) {
        const change = { atMs: nowMs, replicas: Math.abs(desiredReplicas - currentReplicas) };
        (desiredReplicas > currentReplicas ? this.scaleUps : this.scaleDowns).push(change);
        logger.info("autoscaler changed the instance count", { from: currentReplicas, to: desiredReplicas, reason: settled.reason });
      }
    }
    this.last = { ...settled, at: new Date(nowMs).toISOString(), applied: settled.desiredReplicas !== currentReplicas };
    await reportAutoscalerDecision(this.last);
  }

  private history(nowMs: number) {
    const keep = (entries: Timed[]) => entries.filter((entry) => nowMs - entry.atMs < HISTORY_MS);
    this.recommendations = keep(this.recommendations);
    this.scaleUps = keep(this.scaleUps);
    this.scaleDowns = keep(this.scaleDowns);
    const age = (entry: Timed) => (nowMs - entry.atMs) / 1000;
    return {
      recommendations: this.recommendations.map((entry) => ({ ageSeconds: age(entry), replicas: entry.replicas })),
      scaleUpEvents: this.scaleUps.map((entry) => ({ ageSeconds: age(entry), replicaChange: entry.replicas })),
      scaleDownEvents: this.scaleDowns.map((entry) => ({ ageSeconds: age(entry), replicaChange: entry.replicas })),
    };
  }
}
