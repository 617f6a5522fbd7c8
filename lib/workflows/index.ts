// The workflow domain's public surface: its API routes and its workers.
import { db } from "@/lib/db/client";
import { env, type Env } from "@/lib/env";
import { registerQueueGauges } from "./metrics";
import { readWorkflowQueueFigures } from "./ops-service";
import { WorkflowWorker, type WorkerSettings } from "./worker";

export type { WorkflowWorker };

export { registerWorkflowRoutes } from "./routes";

function workerSettingsFrom(config: Env): WorkerSettings {
  return {
    concurrency: config.WORKFLOW_PROCESSING_CONCURRENCY,
    batchSize: config.WORKFLOW_BATCH_SIZE,
    tenantMaxRunning: config.WORKFLOW_TENANT_MAX_RUNNING,
    maxRunning: config.WORKFLOW_MAX_RUNNING,
    retryAttempts: config.WORKFLOW_RETRY_ATTEMPTS,
    retryDelayMs: config.WORKFLOW_RETRY_DELAY_MS,
    stepTimeoutMs: config.WORKFLOW_STEP_TIMEOUT_MS,
    workflowTimeoutMs: config.WORKFLOW_TIMEOUT_MS,
    checkpointIntervalMs: config.WORKFLOW_CHECKPOINT_INTERVAL_MS,
    leaseMs: config.WORKFLOW_LEASE_MS,
    pollIntervalMs: config.WORKFLOW_POLL_INTERVAL_MS,
    maintenanceIntervalMs: config.WORKFLOW_MAINTENANCE_INTERVAL_MS,
    // The current primary, following promotions (DATABASE_URL until one repoints this process).
    wakeUpUrl: { url: () => db().primaryUrl(), onChanged: (listener) => db().promotion.onPrimaryChanged(listener) },
  };
}

/** The queue gauges read the database on scrape; any process serving /api/metrics registers them. */
function registerWorkflowMetrics(): void {
  registerQueueGauges(readWorkflowQueueFigures);
}

/** Starts one worker in this process on the primary database (the settings come from env). */
export async function startWorkflowWorker(overrides: Partial<WorkerSettings> = {}): Promise<WorkflowWorker> {
  const worker = new WorkflowWorker(db().primary, { ...workerSettingsFrom(env()), ...overrides });
  await worker.start();
  return worker;
}

/**
 * An app instance's share of the workflow work: the queue gauges, and (embedded mode, unless
 * WORKFLOW_WORKER_IN_PROCESS=false) a worker. Workers started by `npm run worker` do the same
 * work in processes of their own.
 */
export async function startInProcessWorkflowWork(): Promise<{ stop(): Promise<void> }> {
  registerWorkflowMetrics();
  if (!env().WORKFLOW_WORKER_IN_PROCESS) return { stop: async () => {} };
  const worker = await startWorkflowWorker();
  return { stop: () => worker.stop() };
}
