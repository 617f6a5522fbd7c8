import { randomUUID } from "node:crypto";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type { PrismaClient } from "@/generated/prisma/client";
import { logger } from "@/lib/logging/logger";
import type { ModuleSettings } from "./config";
import { moduleMetrics } from "./metrics";
import {
  claimActivations,
  failBlockedActivations,
  findDueHealthChecks,
  findTenantsWithWaitingActivations,
  finishActivation,
  loadActivationChecks,
  recordHealthChecks,
  type ClaimedActivation,
} from "./repo";
import { activationProblems, retryDelayMs } from "./rules";
import { Semaphore } from "./semaphore";
import { runWithTimeout } from "./timeout";

/** A module's start-up: resolves when it may serve, throws why not. */
export type ActivationHook = (activation: ClaimedActivation, signal: AbortSignal) => Promise<void>;

/** A failure that retrying cannot fix (a withdrawn version, a dependency out of range). */
export class PermanentActivationError extends Error {}

export type RunnerSettings = Pick<ModuleSettings, "maxConcurrentActivations" | "activationTimeoutMs" | "healthCheckIntervalMs" | "maxRetries">;

const HEALTH_CHECK_BATCH = 500;
const WAITING_TENANTS_BATCH = 100;

/**
 * The default start-up check: the version is still published, and every dependency it requires
 * is active for the tenant at a version inside its range (read at the moment it starts, not
 * when it was requested).
 */
export function checkModuleActivation(primary: PrismaClient): ActivationHook {
  return async (activation) => {
    const check = (await loadActivationChecks(primary, [activation.id])).get(activation.id);
    if (!check) throw new PermanentActivationError("the activation row is gone");
    const problems = activationProblems(check.requires, check.isWithdrawn, check.dependencies);
    if (problems.length > 0) throw new PermanentActivationError(problems.join("; "));
  };
}

/**
 * Takes each tenant's pending activations through `pending → active | failed`: a row is claimed
 * only once everything it depends on is active, so dependencies start first; at most
 * `maxConcurrentActivations` run at once in this process (the rest wait for a slot); each
 * attempt has a timeout and failures are retried with backoff. Claims are atomic in the
 * database, so any number of requests and processes may ask for the same module and it still
 * starts once.
 */
export class HotPlugRunner {
  readonly slots: Semaphore;
  readonly runnerId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly drains = new Map<string, { isRequestedAgain: boolean; done: Promise<void> }>();
  private readonly runs = new Set<Promise<void>>();

  constructor(
    private readonly primary: PrismaClient,
    private readonly settings: RunnerSettings,
    private readonly hook: ActivationHook = checkModuleActivation(primary),
    /** Told when a tenant's pass ends (nothing left to claim), e.g. to drop caches that count modules. */
    private readonly onDrained: (tenantId: string) => void = () => {},
  ) {
    this.slots = new Semaphore(settings.maxConcurrentActivations);
    moduleMetrics.slots.add(this.slots);
  }

  /** A claim older than this belongs to a runner that died: every attempt and backoff has passed. */
  get leaseMs(): number {
    const attempts = this.settings.maxRetries + 1;
    const backoffMs = Array.from({ length: this.settings.maxRetries }, (_, index) => retryDelayMs(index + 1)).reduce((sum, delay) => sum + delay, 0);
    return this.settings.activationTimeoutMs * attempts + backoffMs + 30_000;
  }

  /** Starts working the tenant's pending activations (or asks the running pass to look again). */
  schedule(tenantId: string): void {
    const drain = this.drains.get(tenantId);
    if (drain) {
      drain.isRequestedAgain = true;
      return;
    }
    const entry = { isRequestedAgain: false, done: Promise.resolve() };
    entry.done = this.drain(tenantId, entry).finally(() => this.drains.delete(tenantId));
    this.drains.set(tenantId, entry);
  }

  /** Resolves once nothing is claimed, running or waiting in this runner. */
  async whenIdle(): Promise<void> {
    while (this.drains.size > 0 || this.runs.size > 0) {
      await Promise.allSettled([...[...this.drains.values()].map((drain) => drain.done), ...this.runs]);
    }
  }

  stop(): void {
    moduleMetrics.slots.delete(this.slots);
  }

  /** Waits for one free slot, then takes every other free one: one claim query fills them all. */
  private async acquireSlots(): Promise<(() => void)[]> {
    const releases = [await this.slots.acquire()];
    for (let extra = this.slots.tryAcquire(); extra; extra = this.slots.tryAcquire()) releases.push(extra);
    return releases;
  }

  private async drain(tenantId: string, entry: { isRequestedAgain: boolean }): Promise<void> {
    for (;;) {
      const releases = await this.acquireSlots();
      let claimed: ClaimedActivation[];
      try {
        claimed = await claimActivations(this.primary, tenantId, this.runnerId, this.leaseMs, releases.length);
      } catch (error) {
        releases.forEach((release) => release());
        // The health-check sweep re-drives waiting activations once the database is back.
        logger.warn("module activation claim failed", { tenantId, err: error });
        return;
      }
      releases.splice(claimed.length).forEach((release) => release());
      for (const [index, activation] of claimed.entries()) {
        this.track(
          this.run(activation).finally(() => {
            releases[index]!();
            this.schedule(tenantId);
          }),
        );
      }
      if (claimed.length > 0) continue;
      const failed = await failBlockedActivations(this.primary, tenantId).catch(() => 0);
      if (failed > 0 || entry.isRequestedAgain) {
        entry.isRequestedAgain = false;
        continue;
      }
      this.onDrained(tenantId);
      return;
    }
  }

  private track(run: Promise<void>): void {
    this.runs.add(run);
    void run.finally(() => this.runs.delete(run));
  }

  private async run(activation: ClaimedActivation): Promise<void> {
    const startedAt = performance.now();
    const maxAttempts = this.settings.maxRetries + 1;
    let outcome: { status: "active" } | { status: "failed"; error: string } = { status: "failed", error: "not attempted" };
    let attempts = 0;
    while (attempts < maxAttempts) {
      attempts += 1;
      try {
        await runWithTimeout(`activation of ${activation.key}`, this.settings.activationTimeoutMs, (signal) => this.hook(activation, signal));
        outcome = { status: "active" };
        break;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        outcome = { status: "failed", error: attempts > 1 ? `${message} (after ${attempts} attempts)` : message };
        if (error instanceof PermanentActivationError) break;
        if (attempts < maxAttempts) await sleep(retryDelayMs(attempts));
      }
    }
    try {
      const isRecorded = await finishActivation(this.primary, { id: activation.id, runnerId: this.runnerId, attempts }, outcome);
      if (!isRecorded) return; // deactivated (or re-claimed after a lapse) meanwhile: not ours to report
      moduleMetrics.activations.inc({ result: outcome.status });
      moduleMetrics.activationDuration.observe({ result: outcome.status }, (performance.now() - startedAt) / 1000);
    } catch (error) {
      // The claim lapses and another pass runs it again; the hook is a check, safe to repeat.
      logger.warn("module activation result could not be recorded", { activationId: activation.id, err: error });
    }
  }

  /**
   * One sweep: health-checks active modules not checked for an interval (a module failing more
   * checks in a row than the retry limit turns `failed`), then restarts waiting activations
   * that no runner holds (e.g. after a process died mid-activation).
   */
  async sweep(): Promise<{ checked: number; redriven: number }> {
    const due = await findDueHealthChecks(this.primary, this.settings.healthCheckIntervalMs, HEALTH_CHECK_BATCH);
    const checks = due.length > 0 ? await loadActivationChecks(this.primary, due) : new Map();
    const results = due.map((id) => {
      const check = checks.get(id);
      const problems = check ? activationProblems(check.requires, check.isWithdrawn, check.dependencies) : ["the activation row is gone"];
      moduleMetrics.healthChecks.inc({ result: problems.length === 0 ? "passed" : "failed" });
      return { id, problem: problems.length === 0 ? null : problems.join("; ") };
    });
    await recordHealthChecks(this.primary, results, this.settings.maxRetries);
    const waiting = await findTenantsWithWaitingActivations(this.primary, this.leaseMs, WAITING_TENANTS_BATCH);
    for (const tenantId of waiting) this.schedule(tenantId);
    return { checked: results.length, redriven: waiting.length };
  }
}
