import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { MetricsSampler } from "@/lib/metrics/sampler";
import { processSingleton } from "@/lib/process-singleton";
import { LeaderElection } from "./leader";

/**
 * The control loop: elected once across all instances, it samples metric history (and, as the
 * scaling and cache work lands, evaluates threshold rules and runs scheduled warming).
 */
export function startControlLoop(): { stop(): Promise<void>; isLeader(): boolean } {
  return processSingleton("control-loop", () => {
    const config = env();
    const sampler = new MetricsSampler(db().primary, config.METRICS_SAMPLE_INTERVAL_SECONDS * 1000);
    const election = new LeaderElection(config.DATABASE_URL, 10_000, { onLead: () => sampler.start(), onLose: () => sampler.stop() });
    election.start();
    return {
      isLeader: () => election.isLeader,
      async stop() {
        sampler.stop();
        await election.stop();
      },
    };
  });
}
