import { db } from "@/lib/db/client";
import { logger } from "@/lib/logging/logger";
import { stopQueue } from "@/lib/queue";
import { startWorkflowWorker } from "@/lib/workflows";

/** Running executions get this long to finish on SIGTERM; the rest resume from their checkpoints elsewhere. */
const STOP_GRACE_MS = 10_000;
/** However the stop goes, the process is gone by then (the supervisor's kill deadline is 30 s). */
const HARD_EXIT_MS = 25_000;

/**
 * A process whose only job is running workflow executions: `npm run worker`, or one of the
 * worker processes the local supervisor forks and scales. Stops gracefully on SIGTERM/SIGINT.
 */
export async function runWorkflowWorkerProcess(): Promise<void> {
  const worker = await startWorkflowWorker();
  logger.info("workflow worker started", { pid: process.pid });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("workflow worker draining", { signal, running: worker.runningCount });
    setTimeout(() => process.exit(1), HARD_EXIT_MS).unref();
    void worker
      .stop(STOP_GRACE_MS)
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
