import { z } from "zod";

const milliseconds = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/** Workflow engine settings; the defaults are the scalability guide's orchestration numbers. */
export const workflowEnvShape = {
  /** Waiting executions beyond which a start is refused with 503 (nothing is written). */
  WORKFLOW_QUEUE_MAX_SIZE: count(10_000),
  /** Waiting executions one tenant may have; a start beyond it is refused with 429 (others are unaffected). */
  WORKFLOW_TENANT_MAX_WAITING: count(1_000),
  /** Executions of one tenant running at once, within WORKFLOW_MAX_RUNNING. */
  WORKFLOW_TENANT_MAX_RUNNING: count(20),
  /** Starts per second one person may make (refilled continuously), and the burst allowed on top. */
  WORKFLOW_USER_START_RATE: count(10),
  WORKFLOW_USER_START_BURST: count(50),
  /** Executions one worker claims at once (at most its free capacity). */
  WORKFLOW_BATCH_SIZE: count(50),
  /** Executions one worker runs at the same time. */
  WORKFLOW_PROCESSING_CONCURRENCY: count(20),
  /** Executions running at once across every worker (the number of run slots). */
  WORKFLOW_MAX_RUNNING: count(100),
  /** Retries of a failed step (so a step runs at most this + 1 times), this far apart. */
  WORKFLOW_RETRY_ATTEMPTS: z.coerce.number().int().min(0).max(100).default(3),
  WORKFLOW_RETRY_DELAY_MS: z.coerce.number().int().min(0).default(5_000),
  WORKFLOW_TIMEOUT_MS: milliseconds(3_600_000),
  WORKFLOW_STEP_TIMEOUT_MS: milliseconds(300_000),
  /** A long step saves its progress (and looks for a cancel request) at least this often. */
  WORKFLOW_CHECKPOINT_INTERVAL_MS: milliseconds(30_000),
  /**
   * A worker renews its slot leases every third of this; a lease that lapses (dead worker) puts
   * its execution back in the queue to resume from its checkpoint on another worker.
   */
  WORKFLOW_LEASE_MS: milliseconds(30_000),
  /** How often a worker looks for lapsed leases and flushes its throughput counters. */
  WORKFLOW_MAINTENANCE_INTERVAL_MS: milliseconds(5_000),
  /**
   * How long an idle worker waits before asking the queue again. Enqueues also wake idle workers
   * at once (LISTEN/NOTIFY), so this only bounds the wait when that connection is down.
   */
  WORKFLOW_POLL_INTERVAL_MS: milliseconds(1_000),
  /** Start workflow workers inside each app instance (embedded mode); `npm run worker` runs them apart. */
  WORKFLOW_WORKER_IN_PROCESS: z.enum(["true", "false"]).default("true").transform((value) => value === "true"),
};
