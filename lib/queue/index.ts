import PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { logger } from "@/lib/logging/logger";
import { processSingleton } from "@/lib/process-singleton";

export type JobQueue = PgBoss;

export type JobQueueOptions = {
  /** pg-boss reports failed polling and maintenance here (an unhandled "error" event would crash the process). */
  onError: (error: Error) => void;
  /** For tests, e.g. faster cron checks; production uses pg-boss's defaults. */
  overrides?: PgBoss.ConstructorOptions;
};

/**
 * A pg-boss instance on the primary database, in its own `pgboss` schema (created by start()).
 * Four connections: pg-boss polls and schedules on them, apart from the application's pools.
 */
export function createJobQueue(connectionString: string, options: JobQueueOptions): JobQueue {
  const boss = new PgBoss({ connectionString, schema: "pgboss", max: 4, ...options.overrides });
  boss.on("error", options.onError);
  return boss;
}

type QueueState = { boss: JobQueue; started: Promise<JobQueue> | null };

function queueState(): QueueState {
  return processSingleton("job-queue", () => ({ boss: createJobQueue(env().DATABASE_URL, { onError: (err) => logger.error("job queue error", { err }) }), started: null }));
}

/** The process's job queue; call startQueue() before sending or working. */
export function queue(): JobQueue {
  return queueState().boss;
}

/** Starts the process's queue once (creating or migrating its schema); later calls share the start. */
export function startQueue(): Promise<JobQueue> {
  const state = queueState();
  state.started ??= state.boss.start().catch((error: unknown) => {
    state.started = null;
    throw error;
  });
  return state.started;
}

/** Stops polling and scheduling, letting running handlers finish (pg-boss's graceful stop). */
export async function stopQueue(): Promise<void> {
  const state = queueState();
  if (!state.started) return;
  state.started = null;
  await state.boss.stop({ graceful: true, wait: true });
}

/**
 * Creates the queue if it doesn't exist (pg-boss 10: a queue must exist before send/work/schedule).
 * Safe to call from every instance at start-up.
 */
export async function ensureQueue(boss: JobQueue, name: string, options: Omit<PgBoss.Queue, "name"> = {}): Promise<void> {
  await boss.createQueue(name, { name, ...options });
}
