import { setTimeout as sleep } from "node:timers/promises";
import type { PrismaClient } from "@/generated/prisma/client";
import { stepEgressFor } from "@/lib/egress";
import { logger } from "@/lib/logging/logger";
import { announceQueuedRuns } from "./job-queue";
import { workflowMetrics } from "./metrics";
import { attemptBudgetMs, nextRetryDelayMs } from "./rules";
import { completeStep, endRun, recordAttemptFailure, releaseRun, saveProgress, startStep, type ClaimedRun, type FenceState, type RunEnd } from "./run-store";
import type { StepDefinition } from "./schemas";
import { isRetriable, runStep } from "./steps";

export type EngineSettings = {
  retryAttempts: number;
  retryDelayMs: number;
  stepTimeoutMs: number;
  checkpointIntervalMs: number;
  leaseMs: number;
};

export type RunOutcome = "succeeded" | "failed" | "cancelled" | "released" | "lost";

const INSTANT_STEPS: ReadonlySet<StepDefinition["type"]> = new Set(["transform", "fail"]);

/** Why an attempt was stopped; carried as the abort reason so the step's own error doesn't hide it. */
class StepTimeout extends Error {
  constructor(readonly budgetMs: number, readonly deadlineReached: boolean) {
    super(deadlineReached ? `the workflow timeout was reached during the step (aborted after ${budgetMs} ms)` : `step timed out after ${budgetMs} ms (aborted)`);
  }
}
class CancelSeen extends Error {
  constructor() {
    super("cancelled at a checkpoint");
  }
}
class RunLost extends Error {}
export class WorkerShutdown extends Error {}

export type RunDeps = {
  client: PrismaClient;
  settings: EngineSettings;
  /** Aborted when the worker stops: the run hands itself back to the queue at once. */
  shutdown: AbortSignal;
  onRetry(): void;
  /** A pause override covers this tenant's runs (or the whole queue): stop between steps. */
  isPaused(tenantId: string): Promise<boolean>;
};

function throwUnlessOk(state: FenceState): void {
  if (state === "lost") throw new RunLost();
  if (state === "cancel") throw new CancelSeen();
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Runs a claimed execution from its next step to the end. Every step result is persisted before
 * the next step starts, so a resume (another worker, after this one died) never repeats one.
 */
export async function runExecution(run: ClaimedRun, deps: RunDeps): Promise<RunOutcome> {
  if (run.nextStepIndex >= run.steps.length) {
    // Only a definition without steps gets here (starts refuse those); end it rather than hold a slot.
    return finish(run, await end(deps, run, { status: "failed", error: "the execution has no steps to run", event: "failed", step: null }));
  }
  let previous = run.nextStepIndex === 0 ? run.input : run.lastOutput;
  for (let index = run.nextStepIndex; index < run.steps.length; index++) {
    const step = run.steps[index]!;
    const outcome = await runStepWithRetries(run, deps, index, step, previous);
    if (outcome.kind === "ended") return finish(run, outcome.outcome);
    previous = outcome.output;
    // Paused: the step that ran has finished; the rest waits in the queue, resuming from here.
    if (await deps.isPaused(run.tenantId)) return finish(run, await release(deps, run, "the queue is paused; back in the queue to resume after this step"));
  }
  return finish(run, "succeeded");
}

type StepOutcome = { kind: "done"; output: unknown } | { kind: "ended"; outcome: RunOutcome };

async function runStepWithRetries(run: ClaimedRun, deps: RunDeps, index: number, step: StepDefinition, previous: unknown): Promise<StepOutcome> {
  const isLast = index === run.steps.length - 1;
  for (let attemptsThisRun = 1; ; attemptsThisRun++) {
    // On a first run no earlier attempt exists, so an instant step needs no "started" write of its own.
    const deferredStartAt = run.attempt === 1 && INSTANT_STEPS.has(step.type) ? new Date() : null;
    const started = deferredStartAt ? { state: "ok" as const, attempt: attemptsThisRun, progress: null } : await startStep(deps.client, run, index, step);
    if (started.state === "lost") return { kind: "ended", outcome: "lost" };
    if (started.state === "cancel") return { kind: "ended", outcome: await end(deps, run, { status: "cancelled", error: null, event: "cancelled", step: null }) };
    const result = await attempt(run, deps, index, step, previous, started);
    if (result.kind === "output") {
      const state = await completeStep(deps.client, run, index, step, started.attempt, result.output, isLast, deferredStartAt);
      if (state === "lost") return { kind: "ended", outcome: "lost" };
      if (isLast) return { kind: "ended", outcome: "succeeded" };
      if (state === "cancel") return { kind: "ended", outcome: await end(deps, run, { status: "cancelled", error: null, event: "cancelled", step: null }) };
      return { kind: "done", output: result.output };
    }
    const reason = result.reason;
    if (reason instanceof RunLost) return { kind: "ended", outcome: "lost" };
    if (reason instanceof WorkerShutdown) return { kind: "ended", outcome: await release(deps, run) };
    if (reason instanceof CancelSeen) {
      return { kind: "ended", outcome: await end(deps, run, { status: "cancelled", error: null, event: "cancelled", step: { index, stepId: step.id, status: "skipped", error: reason.message } }) };
    }
    if (reason instanceof StepTimeout && reason.deadlineReached) {
      const error = `step "${step.id}": ${reason.message}`;
      return { kind: "ended", outcome: await end(deps, run, { status: "failed", error, event: "timed_out", step: { index, stepId: step.id, status: "failed", error: reason.message } }) };
    }
    const message = describe(reason);
    const retryInMs = isRetriable(reason) ? nextRetryDelayMs(attemptsThisRun, deps.settings) : null;
    const state = await recordAttemptFailure(deps.client, run, index, step, started.attempt, message, retryInMs, deferredStartAt);
    if (state === "lost") return { kind: "ended", outcome: "lost" };
    if (retryInMs === null) {
      const error = `step "${step.id}" failed after ${attemptsThisRun} attempt${attemptsThisRun === 1 ? "" : "s"}: ${message}`;
      return { kind: "ended", outcome: await end(deps, run, { status: "failed", error, event: "failed", step: { index, stepId: step.id, status: "failed", error: message } }) };
    }
    deps.onRetry();
    workflowMetrics.stepRetries.inc({ type: step.type });
    try {
      await sleep(retryInMs, undefined, { signal: deps.shutdown });
    } catch {
      return { kind: "ended", outcome: await release(deps, run) };
    }
  }
}

type AttemptResult = { kind: "output"; output: unknown } | { kind: "stopped"; reason: unknown };

/** One attempt under its time budget; whatever stops it (timeout, cancel, shutdown) aborts its signal. */
async function attempt(run: ClaimedRun, deps: RunDeps, index: number, step: StepDefinition, previous: unknown, started: { attempt: number; progress: unknown }): Promise<AttemptResult> {
  const msUntilDeadline = run.deadlineAt.getTime() - Date.now();
  const budgetMs = attemptBudgetMs(step, deps.settings, msUntilDeadline);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new StepTimeout(budgetMs, budgetMs >= msUntilDeadline)), budgetMs);
  const onShutdown = () => controller.abort(new WorkerShutdown("the worker is stopping"));
  deps.shutdown.addEventListener("abort", onShutdown, { once: true });
  const startedAt = performance.now();
  let outcome = "succeeded";
  try {
    const output = await runStep(step, {
      signal: controller.signal,
      attempt: started.attempt,
      previous,
      input: run.input,
      progress: started.progress,
      checkpointIntervalMs: deps.settings.checkpointIntervalMs,
      checkpoint: async (progress) => throwUnlessOk(await saveProgress(deps.client, run, index, step.id, progress, deps.settings.leaseMs)),
      egress: stepEgressFor(deps.client, run.tenantId),
    });
    return { kind: "output", output };
  } catch (error) {
    outcome = "failed";
    // A checkpoint's verdict first; then the abort reason (the step's own error is then just "aborted").
    if (error instanceof CancelSeen || error instanceof RunLost) return { kind: "stopped", reason: error };
    return { kind: "stopped", reason: controller.signal.aborted ? controller.signal.reason : error };
  } finally {
    clearTimeout(timer);
    deps.shutdown.removeEventListener("abort", onShutdown);
    workflowMetrics.stepDuration.observe({ type: step.type, outcome }, (performance.now() - startedAt) / 1000);
  }
}

async function end(deps: RunDeps, run: ClaimedRun, runEnd: RunEnd): Promise<RunOutcome> {
  const ended = await endRun(deps.client, run, runEnd);
  return ended ? runEnd.status : "lost";
}

/** Hands the run back: waiting again, idle workers told at commit. */
async function release(deps: RunDeps, run: ClaimedRun, reason = "its worker stopped; back in the queue to resume from the last checkpoint"): Promise<RunOutcome> {
  const released = await deps.client.$transaction(async (tx) => {
    const done = await releaseRun(tx, run, reason);
    if (done) await announceQueuedRuns(tx, 1);
    return done;
  });
  return released ? "released" : "lost";
}

function finish(run: ClaimedRun, outcome: RunOutcome): RunOutcome {
  if (outcome === "succeeded" || outcome === "failed" || outcome === "cancelled") {
    const labels = { status: outcome, workflow_type: run.workflowType || "unknown" };
    workflowMetrics.executions.inc(labels);
    workflowMetrics.executionDuration.observe(labels, Math.max(0, Date.now() - run.startedAt.getTime()) / 1000);
  }
  if (outcome === "lost") logger.warn("workflow run taken over by another worker; this worker stopped it", { executionId: run.executionId, attempt: run.attempt });
  return outcome;
}
