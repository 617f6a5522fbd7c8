import { createAlertmanagerNotifier } from "@/lib/alerting";
import { createLocalAutoscaler } from "@/lib/autoscaling";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db/client";
import { SynchronousModeKeeper } from "@/lib/db/synchronous-mode";
import { startFormerPrimaryWatch } from "@/lib/db/former-primary-watch";
import { OverrideSweeper, RunSweeper } from "@/lib/emergency";
import { env } from "@/lib/env";
import { MetricsSampler } from "@/lib/metrics/sampler";
import { Notifier } from "@/lib/notifications";
import { processSingleton } from "@/lib/process-singleton";
import { RuleEvaluator } from "@/lib/scaling";
import { createWorkerScaler } from "@/lib/capacity/worker-scaler";
import { LeaderElection } from "./leader";

type LoopTask = { start(): void; stop(): void };

/**
 * The control loop: elected once across all instances, it samples metric history, evaluates the
 * threshold rules and, when autoscaling is on, scales the local instances.
 */
export function startControlLoop(): { stop(): Promise<void>; isLeader(): boolean } {
  return processSingleton("control-loop", () => {
    const config = env();
    const intervalMs = config.METRICS_SAMPLE_INTERVAL_SECONDS * 1000;
    // Rules and the autoscaler run as often as the signals they read are sampled.
    const tasks: LoopTask[] = [new MetricsSampler(db().primary, intervalMs), new RuleEvaluator(db().primary, intervalMs)];
    // Overrides lapse and abandoned procedure runs are released within seconds, not per sample.
    tasks.push(new OverrideSweeper(db().primary, { intervalMs: 5_000, reminderMinutes: config.OVERRIDE_REMINDER_MINUTES }), new RunSweeper(db().primary, 15_000));
    // Audit entries become notifications and webhook deliveries within seconds.
    tasks.push(new Notifier(db().primary));
    // Alerts go to Alertmanager (when configured) from the same leader that evaluates them.
    const alertmanager = createAlertmanagerNotifier(db().primary);
    if (alertmanager) tasks.push(alertmanager);
    const autoscaler = createLocalAutoscaler();
    if (autoscaler) tasks.push(autoscaler);
    const workerScaler = createWorkerScaler(db().primary);
    if (workerScaler) tasks.push(workerScaler);
    if (config.DB_SYNCHRONOUS_REPLICA && !config.DB_SYNCHRONOUS_STRICT) {
      tasks.push(new SynchronousModeKeeper({ primaryUrl: () => db().primaryUrl(), recordAudit: (entry) => recordAudit(db().primary, entry) }));
    }
    const stopAll = () => tasks.forEach((task) => task.stop());
    const database = db();
    const election = new LeaderElection(
      () => database.primaryUrl(),
      10_000,
      { onLead: () => tasks.forEach((task) => task.start()), onLose: stopAll },
      // The same check as every write-pool connection: never lead on a standby or a former primary.
      (client, url) => database.promotion.fence.verifyWriteConnection(client, url),
    );
    // The lock is taken on whichever server is the primary: after a promotion, on the new one.
    const unsubscribe = database.promotion.onPrimaryChanged(() => void election.reconnect());
    election.start();
    // Every instance, leader or not, watches for a former primary still to be fenced.
    const formerPrimaryWatch = startFormerPrimaryWatch(database);
    return {
      isLeader: () => election.isLeader,
      async stop() {
        unsubscribe();
        stopAll();
        await Promise.all([election.stop(), formerPrimaryWatch.stop()]);
      },
    };
  });
}
