import type { PrismaClient } from "@/generated/prisma/client";
import { isClusterInstance, listWorkerFleet, reportWorkerScaling, scaleWorkerFleet } from "@/lib/cluster/instance";
import { env } from "@/lib/env";
import { logger } from "@/lib/logging/logger";
import { PeriodicTask } from "@/lib/periodic-task";
import { countWaitingUpTo } from "@/lib/workflows/repo";
import type { WorkerScalingReport } from "./reports";
import { decideWorkerCount, DEFAULT_WORKER_SCALING, type WorkerFleetSignals, type WorkerScalingConfig, type WorkerScalingState } from "./recommend-workers";

/** Counting stops past this: "more than the queue bound" is all the rules need to know. */
const QUEUE_COUNT_CAP = 10_001;
/** "Average execution time" is over the executions that finished this recently. */
const EXECUTION_WINDOW_MINUTES = 5;

type DatabaseSignals = { queueLength: number; averageExecutionMs: number | null };

/** Mean duration of the executions that finished in the last few minutes (the partial index on finishedAt). */
async function averageRecentExecutionMs(client: PrismaClient): Promise<number | null> {
  const [row] = await client.$queryRaw<{ ms: number | null }[]>`
    select (avg(extract(epoch from "finishedAt" - "startedAt")) * 1000)::float8 as ms from workflow_execution
    where "finishedAt" > now() - make_interval(mins => ${EXECUTION_WINDOW_MINUTES}) and "startedAt" is not null
      and status in ('succeeded', 'failed')`;
  return row?.ms ?? null;
}

async function readDatabaseSignals(client: PrismaClient): Promise<DatabaseSignals> {
  const [queueLength, averageExecutionMs] = await Promise.all([countWaitingUpTo(client, QUEUE_COUNT_CAP), averageRecentExecutionMs(client)]);
  return { queueLength, averageExecutionMs };
}

/**
 * The control loop's worker scaler (local orchestrator): reads the queue, recent execution times
 * and the worker processes' memory, applies the guide's rules and asks the supervisor to fork or
 * stop worker processes. The state lives with the leader; a new leader starts conservatively.
 */
export class WorkerScaler {
  private readonly task: PeriodicTask;
  private state: WorkerScalingState | null = null;

  constructor(
    private readonly client: PrismaClient,
    intervalMs: number,
    private readonly config: WorkerScalingConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.task = new PeriodicTask("worker scaler", intervalMs, () => this.evaluate());
  }

  start(): void {
    this.task.start();
  }

  stop(): void {
    this.task.stop();
    this.state = null;
  }

  async evaluate(): Promise<WorkerScalingReport | null> {
    const fleet = await listWorkerFleet();
    if (!fleet) return null;
    const database = await readDatabaseSignals(this.client);
    const busiestBytes = Math.max(0, ...fleet.workers.map((worker) => worker.rssBytes ?? 0));
    const signals: WorkerFleetSignals = { ...database, memoryUsage: fleet.workers.length > 0 ? busiestBytes / fleet.memoryLimitBytes : null };
    // The supervisor's count is the truth (an operator or a crash may have changed it).
    const state = { ...(this.state ?? { calmSince: null, lastChangeAt: null }), current: fleet.desired };
    const decision = decideWorkerCount(signals, state, this.now(), this.config);
    this.state = decision.state;
    if (decision.desired !== fleet.desired) {
      logger.info("scaling workflow worker processes", { from: fleet.desired, to: decision.desired, reasons: decision.reasons });
      await scaleWorkerFleet(decision.desired);
    }
    const report = { at: new Date(this.now()).toISOString(), current: fleet.desired, desired: decision.desired, signals, reasons: decision.reasons };
    await reportWorkerScaling(report);
    return report;
  }
}

/** The scaler, when this instance runs under the local supervisor with worker processes. */
export function createWorkerScaler(client: PrismaClient): WorkerScaler | undefined {
  const config = env();
  if (!isClusterInstance() || config.ORCHESTRATOR !== "local" || config.WORKFLOW_WORKER_PROCESSES_MIN === 0) return undefined;
  return new WorkerScaler(client, config.METRICS_SAMPLE_INTERVAL_SECONDS * 1000, workerScalingConfigFrom(config));
}

export function workerScalingConfigFrom(config: ReturnType<typeof env>): WorkerScalingConfig {
  return {
    ...DEFAULT_WORKER_SCALING,
    min: config.WORKFLOW_WORKER_PROCESSES_MIN,
    max: Math.max(config.WORKFLOW_WORKER_PROCESSES_MIN, config.WORKFLOW_WORKER_PROCESSES_MAX),
    scaleDown: { ...DEFAULT_WORKER_SCALING.scaleDown, idleMs: config.WORKFLOW_WORKER_SCALING_IDLE_SECONDS * 1000 },
    cooldownMs: config.WORKFLOW_WORKER_SCALING_COOLDOWN_SECONDS * 1000,
  };
}
