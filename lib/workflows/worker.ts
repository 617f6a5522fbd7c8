import { randomBytes } from "node:crypto";
import { setMaxListeners } from "node:events";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type { PrismaClient } from "@/generated/prisma/client";
import { logger } from "@/lib/logging/logger";
import { claimNextRuns, isTenantPaused, type DispatchOrder } from "./fair-claim";
import { announceQueuedRuns } from "./job-queue";
import { listenForWork, type WakeUpServer } from "./wakeups";
import { runExecution, WorkerShutdown, type EngineSettings, type RunOutcome } from "./runner";
import { ensureRunSlots, flushMinuteCounts, pruneEngineTables, removeWorker, renewLeases, requeueLapsedRuns, type ClaimedRun, type MinuteCounts } from "./run-store";

export type WorkerSettings = EngineSettings & {
  /** The primary (URL, or one that follows promotions) for the LISTEN connection that wakes an idle worker; polling alone without it. */
  wakeUpUrl?: string | WakeUpServer;
  concurrency: number;
  /** Runs claimed at once, at most (and never more than the free capacity). */
  batchSize: number;
  /** Running runs one tenant may have; the fair dispatch holds each tenant to it. */
  tenantMaxRunning: number;
  /** `fair` always, except in the benchmark that compares it with the old order. */
  dispatchOrder?: DispatchOrder;
  maxRunning: number;
  workflowTimeoutMs: number;
  pollIntervalMs: number;
  maintenanceIntervalMs: number;
};

const PRUNE_EVERY_MS = 10 * 60_000;
const LAPSED_BATCH = 100;

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
 * One workflow worker: claims the next waiting runs (fairly across tenants, each with one of the
 * global run slots), runs up to `concurrency` at once, renews its leases, and puts runs whose
 * worker died back in the queue. Any number of these may run, in any processes.
 */
export class WorkflowWorker {
  readonly id = `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  private readonly running = new Map<string, Promise<void>>();
  private readonly shutdown = new AbortController();
  private readonly counter = new MinuteCounter();
  private stopping = false;
  private loopDone: Promise<void> | null = null;
  private maintenanceTimer: NodeJS.Timeout | null = null;
  private lastPruneMs = 0;
  private wake: (() => void) | null = null;
  private napWake: (() => void) | null = null;
  private poked = false;
  private wakeups: { close(): Promise<void> } | null = null;

  constructor(
    private readonly client: PrismaClient,
    private readonly settings: WorkerSettings,
  ) {
    // Every running attempt (and retry wait) listens for the shutdown: up to two per run slot.
    setMaxListeners(settings.concurrency * 2 + 10, this.shutdown.signal);
  }

  async start(): Promise<void> {
    await ensureRunSlots(this.client, this.settings.maxRunning);
    await this.heartbeat();
    if (this.settings.wakeUpUrl) this.wakeups = listenForWork(this.settings.wakeUpUrl, () => this.poke());
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
   * to the queue (they resume from their checkpoints elsewhere).
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
    const claimed = await claimNextRuns(this.client, {
      limit: Math.min(free, this.settings.batchSize),
      workerId: this.id,
      leaseMs: this.settings.leaseMs,
      workflowTimeoutMs: this.settings.workflowTimeoutMs,
      tenantMaxRunning: this.settings.tenantMaxRunning,
      order: this.settings.dispatchOrder ?? "fair",
    });
    for (const run of claimed) this.launch(run);
    // Nothing claimable (empty, paused, every slot or quota taken): a finished run, an enqueue or the poll wakes us.
    if (claimed.length === 0) await this.nap(this.settings.pollIntervalMs);
  }

  /** Tells the worker there may be work: ends its nap, or the next one before it starts. */
  private poke(): void {
    if (this.napWake) this.napWake();
    else this.poked = true;
  }

  /** Waits for the poll interval, or less when runs are announced or the worker stops. */
  private nap(ms: number): Promise<void> {
    // An announcement that came while claiming must not be lost until the next poll.
    if (this.stopping || this.poked) {
      this.poked = false;
      return Promise.resolve();
    }
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
    const done = runExecution(run, {
      client: this.client,
      settings: this.settings,
      shutdown: this.shutdown.signal,
      onRetry: () => this.counter.add("retries"),
      isPaused: (tenantId) => isTenantPaused(this.client, tenantId),
    })
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
        // A slot (and maybe a tenant's quota) came free: look for work now rather than at the next poll.
        this.poke();
      });
    this.running.set(run.executionId, done);
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
        await announceQueuedRuns(tx, ids.length);
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
