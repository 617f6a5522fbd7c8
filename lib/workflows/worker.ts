import { randomBytes } from "node:crypto";
import { setMaxListeners } from "node:events";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type PgBoss from "pg-boss";
import type { PrismaClient } from "@/generated/prisma/client";
import { logger } from "@/lib/logging/logger";
import type { JobQueue } from "@/lib/queue";
import { enqueueRunJobs, ensureWorkflowQueue, WORKFLOW_RUN_JOB, type WorkflowRunJobData } from "./job-queue";
import { listenForWork, type WakeUpServer } from "./wakeups";
import { runExecution, WorkerShutdown, type EngineSettings, type RunOutcome } from "./runner";
import { claimExecutions, ensureRunSlots, flushMinuteCounts, pruneEngineTables, removeWorker, renewLeases, requeueLapsedRuns, type ClaimedRun, type MinuteCounts } from "./run-store";

export type WorkerSettings = EngineSettings & {
  /** The primary (URL, or one that follows promotions) for the LISTEN connection that wakes an idle worker; polling alone without it. */
  wakeUpUrl?: string | WakeUpServer;
  concurrency: number;
  batchSize: number;
  maxRunning: number;
  workflowTimeoutMs: number;
  pollIntervalMs: number;
  maintenanceIntervalMs: number;
};

/** A prefetched job waiting this long for a global slot goes back to the queue for anyone to take. */
const HELD_JOB_RETURN_MS = 60_000;
const PRUNE_EVERY_MS = 10 * 60_000;
const LAPSED_BATCH = 100;

type HeldJob = { job: PgBoss.Job<WorkflowRunJobData>; heldSinceMs: number };

/** Finished executions and retries per minute, flushed by the maintenance tick. */
class MinuteCounter {
  private counts = new Map<number, MinuteCounts>();
  add(field: "succeeded" | "failed" | "cancelled" | "retries"): void {
    const minuteMs = Math.floor(Date.now() / 60_000) * 60_000;
    let entry = this.counts.get(minuteMs);
    if (!entry) {
      entry = { minute: new Date(minuteMs), succeeded: 0, failed: 0, cancelled: 0, retries: 0 };
      this.counts.set(minuteMs, entry);
    }
    entry[field]++;
  }
  take(): MinuteCounts[] {
    const taken = [...this.counts.values()];
    this.counts = new Map();
    return taken;
  }
  putBack(counts: MinuteCounts[]): void {
    for (const entry of counts) {
      const key = entry.minute.getTime();
      const existing = this.counts.get(key);
      if (!existing) this.counts.set(key, entry);
      else for (const field of ["succeeded", "failed", "cancelled", "retries"] as const) existing[field] += entry[field];
    }
  }
}

/**
 * One workflow worker: fetches jobs (a batch at a time), claims each execution together with one
 * of the global run slots, runs up to `concurrency` at once, renews its leases, and puts runs
 * whose worker died back in the queue. Any number of these may run, in any processes.
 */
export class WorkflowWorker {
  readonly id = `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  private readonly running = new Map<string, Promise<void>>();
  private held: HeldJob[] = [];
  private readonly shutdown = new AbortController();
  private readonly counter = new MinuteCounter();
  private stopping = false;
  private loopDone: Promise<void> | null = null;
  private maintenanceTimer: NodeJS.Timeout | null = null;
  private lastPruneMs = 0;
  private wake: (() => void) | null = null;
  private napWake: (() => void) | null = null;
  private wakeups: { close(): Promise<void> } | null = null;

  constructor(
    private readonly client: PrismaClient,
    private readonly boss: JobQueue,
    private readonly settings: WorkerSettings,
  ) {
    // Every running attempt (and retry wait) listens for the shutdown: up to two per run slot.
    setMaxListeners(settings.concurrency * 2 + 10, this.shutdown.signal);
  }

  async start(): Promise<void> {
    await ensureWorkflowQueue(this.boss);
    await ensureRunSlots(this.client, this.settings.maxRunning);
    await this.heartbeat();
    if (this.settings.wakeUpUrl) this.wakeups = listenForWork(this.settings.wakeUpUrl, () => this.napWake?.());
    this.loopDone = this.loop();
    this.maintenanceTimer = setInterval(() => void this.maintain(), Math.min(this.settings.maintenanceIntervalMs, Math.floor(this.settings.leaseMs / 3)));
    this.maintenanceTimer.unref();
    logger.info("workflow worker started", { workerId: this.id, concurrency: this.settings.concurrency, maxRunning: this.settings.maxRunning });
  }

  /** Executions this worker is running now. */
  get runningCount(): number {
    return this.running.size;
  }

  /**
   * Stops fetching, lets running executions finish for up to `graceMs`, then hands the rest back
   * to the queue (they resume from their checkpoints elsewhere) and returns prefetched jobs.
   */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.napWake?.();
    this.wake?.();
    await this.loopDone;
    await this.wakeups?.close();
    const drained = Promise.allSettled(this.running.values());
    const timedOut = await Promise.race([drained.then(() => false), sleep(graceMs, true)]);
    if (timedOut) this.shutdown.abort(new WorkerShutdown("the worker is stopping"));
    await drained;
    if (this.maintenanceTimer) clearInterval(this.maintenanceTimer);
    await this.returnHeldJobs(this.held.map((held) => held.job.id));
    this.held = [];
    await this.flushCounts();
    await removeWorker(this.client, this.id).catch(() => {});
    logger.info("workflow worker stopped", { workerId: this.id });
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.step();
      } catch (error) {
        logger.error("workflow worker loop failed; retrying", { err: error, workerId: this.id });
        await this.nap(this.settings.pollIntervalMs * 4);
      }
    }
  }

  private async step(): Promise<void> {
    const free = this.settings.concurrency - this.running.size;
    if (free <= 0) {
      await new Promise<void>((resolve) => (this.wake = resolve));
      return;
    }
    if (this.held.length === 0) {
      const jobs = await this.boss.fetch<WorkflowRunJobData>(WORKFLOW_RUN_JOB, { batchSize: this.settings.batchSize });
      if (jobs.length === 0) {
        await this.nap(this.settings.pollIntervalMs);
        return;
      }
      const now = Date.now();
      this.held = jobs.map((job) => ({ job, heldSinceMs: now }));
    }
    const batch = this.held.splice(0, free);
    const results = await claimExecutions(this.client, {
      executionIds: [...new Set(batch.map((held) => held.job.data.executionId))],
      workerId: this.id,
      leaseMs: this.settings.leaseMs,
      workflowTimeoutMs: this.settings.workflowTimeoutMs,
    });
    for (const run of results.claimed) this.launch(run);
    const noSlot = new Set(results.noSlot);
    const waiting = batch.filter((held) => noSlot.has(held.job.data.executionId));
    const settled = batch.filter((held) => !noSlot.has(held.job.data.executionId)).map((held) => held.job.id);
    if (settled.length > 0) await this.boss.complete(WORKFLOW_RUN_JOB, settled);
    if (waiting.length > 0) {
      // Every run slot is taken (the global limit): keep the jobs a while, give back the stale ones.
      const now = Date.now();
      const stale = waiting.filter((held) => now - held.heldSinceMs > HELD_JOB_RETURN_MS);
      await this.returnHeldJobs(stale.map((held) => held.job.id));
      this.held.unshift(...waiting.filter((held) => !stale.includes(held)));
      await this.nap(this.settings.pollIntervalMs);
    }
  }

  /** Waits for the poll interval, or less when jobs are announced or the worker stops. */
  private nap(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.napWake = () => {
        this.napWake = null;
        done();
      };
    });
  }

  private launch(run: ClaimedRun): void {
    const done = runExecution(run, { client: this.client, boss: this.boss, settings: this.settings, shutdown: this.shutdown.signal, onRetry: () => this.counter.add("retries") })
      .then((outcome: RunOutcome) => {
        if (outcome === "succeeded" || outcome === "failed" || outcome === "cancelled") this.counter.add(outcome);
      })
      .catch((error: unknown) => {
        // The database refused a write: stop here without touching the run; its lease lapses and
        // another worker resumes it from the last checkpoint that was saved.
        logger.error("workflow run abandoned after a failed write; it resumes elsewhere once its lease lapses", { err: error, executionId: run.executionId });
      })
      .finally(() => {
        this.running.delete(run.executionId);
        this.wake?.();
        this.wake = null;
      });
    this.running.set(run.executionId, done);
  }

  private async returnHeldJobs(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.boss.fail(WORKFLOW_RUN_JOB, ids).catch(() => {});
  }

  private async heartbeat(): Promise<void> {
    await renewLeases(
      this.client,
      { id: this.id, host: os.hostname(), pid: process.pid, concurrency: this.settings.concurrency, running: this.running.size },
      [...this.running.keys()],
      this.settings.leaseMs,
    );
  }

  private async flushCounts(): Promise<void> {
    const counts = this.counter.take();
    try {
      await flushMinuteCounts(this.client, this.id, counts);
    } catch (error) {
      this.counter.putBack(counts);
      throw error;
    }
  }

  /** Leases, lapsed runs of dead workers, throughput counters; every tick, on every worker. */
  private async maintain(): Promise<void> {
    try {
      await this.heartbeat();
      const requeued = await this.client.$transaction(async (tx) => {
        const ids = await requeueLapsedRuns(tx, LAPSED_BATCH);
        await enqueueRunJobs(this.boss, tx, ids);
        return ids;
      });
      if (requeued.length > 0) logger.warn("workflow runs of a stopped worker put back in the queue", { count: requeued.length });
      await this.flushCounts();
      if (Date.now() - this.lastPruneMs > PRUNE_EVERY_MS) {
        this.lastPruneMs = Date.now();
        await pruneEngineTables(this.client);
        await ensureRunSlots(this.client, this.settings.maxRunning);
      }
    } catch (error) {
      logger.error("workflow worker maintenance failed", { err: error, workerId: this.id });
    }
  }
}
