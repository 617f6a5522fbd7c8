import { db } from "@/lib/db/client";
import { logger } from "@/lib/logging/logger";
import { metrics } from "@/lib/metrics/registry";
import { stopQueue } from "@/lib/queue";
import { startWorkflowWorker } from "@/lib/workflows";
import { parentPeer, serve } from "./ipc";
import { startWorkerMetricsServer } from "./worker-metrics-server";

/** Running executions get this long to finish on SIGTERM; the rest resume from their checkpoints elsewhere. */
const STOP_GRACE_MS = 10_000;
/** However the stop goes, the process is gone by then (the supervisor's kill deadline is 30 s). */
const HARD_EXIT_MS = 25_000;

/**
 * The workflow series only: the app instances' own process metrics (CPU, memory) are what the
 * autoscaler and the threshold rules read, and a worker's would skew them.
 */
const isWorkflowSeries = (metric: { name: string }) => metric.name.startsWith("workflow_") || metric.name.startsWith("agency_workflow_");

/**
 * A process whose only job is running workflow executions: `npm run worker`, or one of the
 * worker processes the local supervisor forks and scales. Stops gracefully on SIGTERM/SIGINT.
 */
export async function runWorkflowWorkerProcess(): Promise<void> {
  const worker = await startWorkflowWorker();
  const metricsServer = process.send ? null : startWorkerMetricsServer();
  // Under the supervisor, /api/metrics and the metric history include this worker's executions.
  if (process.send) {
    serve(parentPeer(), {
      "metrics:collect": async () => (await metrics.registry.getMetricsAsJSON()).filter(isWorkflowSeries),
    });
  }
  logger.info("workflow worker started", { pid: process.pid });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("workflow worker draining", { signal, running: worker.runningCount });
    setTimeout(() => process.exit(1), HARD_EXIT_MS).unref();
    void worker
      .stop(STOP_GRACE_MS)
      .then(() => metricsServer?.close())
      .then(() => stopQueue())
      .then(() => db().close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error("workflow worker did not stop cleanly", { err: error });
          process.exit(1);
        },
      );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
