import { setTimeout as sleep } from "node:timers/promises";
import PgBoss from "pg-boss";
import { db } from "@/lib/db/client";
import { hostOf } from "@/lib/db/fencing";
import { withTimeout } from "@/lib/db/replication";
import { logger } from "@/lib/logging/logger";
import { processSingleton } from "@/lib/process-singleton";
import { CheckedQueueDb, type QueueConnectionCheck } from "./checked-db";

export type JobQueue = PgBoss;

export type JobQueueOptions = {
  /** pg-boss reports failed polling and maintenance here (an unhandled "error" event would crash the process). */
  onError: (error: Error) => void;
  /**
   * Runs on each of the queue's connections before its first statement (the process's queue:
   * the write pool's fencing check, so the queue never writes to a standby or a former primary).
   */
  checkConnection?: QueueConnectionCheck;
  /** For tests, e.g. faster cron checks; production uses pg-boss's defaults. */
  overrides?: PgBoss.ConstructorOptions;
};

const QUEUE_CONNECTIONS = 4;

/**
 * A pg-boss instance on the primary database, in its own `pgboss` schema (created by start()).
 * Four connections of its own: pg-boss polls and schedules on them, apart from the application's
 * pools; each is checked before its first statement.
 */
export function createJobQueue(connectionString: string, options: JobQueueOptions): JobQueue {
  const queueDb = new CheckedQueueDb(connectionString, { max: QUEUE_CONNECTIONS, check: options.checkConnection, onError: options.onError });
  const boss = new PgBoss({ connectionString, schema: "pgboss", max: QUEUE_CONNECTIONS, db: queueDb, ...options.overrides });
  boss.on("error", options.onError);
  // pg-boss closes only a pool it opened itself.
  boss.on("stopped", () => void queueDb.close());
  return boss;
}

/** After a promotion the new primary may still be finishing recovery: this many starts, doubling the wait. */
const RESTART_ATTEMPTS = 6;
const RESTART_FIRST_DELAY_MS = 500;
/** Running handlers on the old instance get this long; their jobs come back on the new primary as expired. */
const OLD_QUEUE_STOP_TIMEOUT_MS = 10_000;

type WorkRegistration = { name: string; args: unknown[] };

type QueueState = {
  /** The pg-boss instance on the current primary; replaced when a promotion repoints the process. */
  boss: JobQueue;
  url: string;
  /** What callers hold: forwards to `boss`, whichever instance that is at the time of the call. */
  facade: JobQueue;
  started: Promise<JobQueue> | null;
  /** work() subscriptions made through the facade, re-made on the new instance after a promotion. */
  workers: WorkRegistration[];
  repointing: Promise<void>;
};

/**
 * Holders of the queue (the workflow service and workers, the cache warmers) keep the object they
 * were given, so the process's queue is a stand-in that forwards each call to the instance on the
 * current primary; subscriptions (work) are the only per-instance state, and are replayed.
 */
function forwardingQueue(state: Pick<QueueState, "boss" | "workers">): JobQueue {
  return new Proxy({} as JobQueue, {
    get(_target, property) {
      if (property === "work") {
        return async (name: string, ...args: unknown[]) => {
          const id = await (state.boss.work as (...all: unknown[]) => Promise<string>)(name, ...args);
          state.workers.push({ name, args });
          return id;
        };
      }
      if (property === "offWork") {
        return async (value: string | { id: string }) => {
          if (typeof value === "string") state.workers = state.workers.filter((registration) => registration.name !== value);
          await state.boss.offWork(value as string);
        };
      }
      const value: unknown = Reflect.get(state.boss, property);
      return typeof value === "function" ? (value as (...all: unknown[]) => unknown).bind(state.boss) : value;
    },
  });
}

function queueState(): QueueState {
  return processSingleton("job-queue", () => {
    const database = db();
    const url = database.primaryUrl();
    const current = { boss: createProcessQueue(url), url, started: null, workers: [], repointing: Promise.resolve() };
    const state: QueueState = Object.assign(current, { facade: forwardingQueue(current) });
    database.promotion.onPrimaryChanged((next) => void repointQueue(next));
    return state;
  });
}

const createProcessQueue = (url: string) =>
  createJobQueue(url, {
    onError: (err) => logger.error("job queue error", { err }),
    checkConnection: (client, connectedUrl) => db().promotion.fence.verifyWriteConnection(client, connectedUrl),
  });

/** The process's job queue; call startQueue() before sending or working. */
export function queue(): JobQueue {
  return queueState().facade;
}

/** Starts the process's queue once (creating or migrating its schema); later calls share the start. */
export function startQueue(): Promise<JobQueue> {
  const state = queueState();
  const boss = state.boss;
  state.started ??= boss.start().then(
    () => state.facade,
    (error: unknown) => {
      state.started = null;
      throw error;
    },
  );
  return state.started;
}

/** Stops polling and scheduling, letting running handlers finish (pg-boss's graceful stop). */
export async function stopQueue(): Promise<void> {
  const state = queueState();
  await state.repointing;
  if (!state.started) return;
  state.started = null;
  await state.boss.stop({ graceful: true, wait: true });
}

async function startWithRetries(boss: JobQueue, url: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await boss.start();
      return;
    } catch (error) {
      if (attempt >= RESTART_ATTEMPTS) throw error;
      logger.warn("the job queue could not start on the new primary; retrying", { server: hostOf(url), attempt, err: error });
      await sleep(RESTART_FIRST_DELAY_MS * 2 ** (attempt - 1));
    }
  }
}

/**
 * Moves the process's queue to another primary (after a promotion): the old instance stops
 * gracefully (bounded; its server may be gone, or read-only), a new one starts on `url` with
 * bounded retries, and the work() subscriptions are made again there. Jobs, queues and schedules
 * live in the database, so the promoted replica already has them (up to the data-loss window).
 * Promotions are applied one at a time; a queue that was never started is only re-created.
 */
export function repointQueue(url: string): Promise<void> {
  const state = queueState();
  state.repointing = state.repointing.then(async () => {
    if (state.url === url) return;
    const old = state.boss;
    const wasStarted = state.started !== null;
    state.boss = createProcessQueue(url);
    state.url = url;
    logger.warn("the job queue moves to the promoted primary", { server: hostOf(url), restart: wasStarted });
    if (!wasStarted) return;
    const restarted = (async () => {
      await withTimeout(old.stop({ graceful: true, wait: true, timeout: OLD_QUEUE_STOP_TIMEOUT_MS }), OLD_QUEUE_STOP_TIMEOUT_MS * 2).catch((error: unknown) =>
        logger.warn("the job queue on the former primary did not stop cleanly", { err: error }),
      );
      await startWithRetries(state.boss, url);
      for (const { name, args } of state.workers) await (state.boss.work as (...all: unknown[]) => Promise<string>)(name, ...args);
      logger.info("the job queue runs on the promoted primary", { server: hostOf(url), subscriptions: state.workers.length });
      return state.facade;
    })();
    state.started = restarted.catch((error: unknown) => {
      state.started = null;
      throw error;
    });
    await restarted.catch((error: unknown) => logger.error("the job queue could not move to the promoted primary; jobs wait until the process restarts", { server: hostOf(url), err: error }));
  });
  return state.repointing;
}

/**
 * Creates the queue if it doesn't exist (pg-boss 10: a queue must exist before send/work/schedule).
 * Safe to call from every instance at start-up.
 */
export async function ensureQueue(boss: JobQueue, name: string, options: Omit<PgBoss.Queue, "name"> = {}): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await boss.createQueue(name, { name, ...options });
      return;
    } catch (error) {
      // Processes starting together (the supervisor's instances and workers) create the same
      // queue at once; Postgres breaks the lock cycle by failing one of them, which then retries.
      if (attempt >= CREATE_QUEUE_ATTEMPTS || !isDeadlock(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
    }
  }
}

const CREATE_QUEUE_ATTEMPTS = 5;

function isDeadlock(error: unknown): boolean {
  return typeof error === "object" && error !== null && ((error as { code?: unknown }).code === "40P01" || /deadlock detected/.test(String((error as { message?: unknown }).message)));
}
