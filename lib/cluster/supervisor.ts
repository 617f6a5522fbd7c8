import cluster, { type Worker } from "node:cluster";
import type { AutoscalerDecision, WorkerScalingReport } from "@/lib/capacity/reports";
import { logger } from "@/lib/logging/logger";
import type { InstanceInfo, InstancesStatus } from "./instance";
import { request, serve } from "./ipc";
import { clampProcessCount } from "./process-count";
import type { WorkerFleet, WorkerFleetStatus } from "./worker-fleet";

const COLLECT_TIMEOUT_MS = 3_000;
/** An instance asked to drain gets this long to finish its requests before it is killed. */
const DRAIN_TIMEOUT_MS = 30_000;
/** A crash loop must not fork processes as fast as the machine allows. */
const RESTART_DELAY_MS = 1_000;

type Tracked = { worker: Worker; startedAt: Date; state: InstanceInfo["state"] };

/**
 * The `local` orchestrator: N app instances as real processes (node:cluster) sharing one port.
 * Scaling forks new instances or drains the newest ones; a crashed instance is replaced.
 */
export class Supervisor {
  private readonly tracked = new Map<number, Tracked>();
  private desired: number;
  private stopping = false;
  /** The control loop's latest autoscaling decision, reported by whichever instance leads. */
  private autoscaler: AutoscalerDecision | null = null;
  /** The worker scaler's latest decision, reported like the autoscaler's. */
  private workerScaling: WorkerScalingReport | null = null;

  constructor(
    private readonly limits: { initial: number; min: number; max: number },
    /** Workflow worker processes beside the app instances; absent when the instances run them. */
    private readonly workers: WorkerFleet | null = null,
    /** Extra environment for the app instances it forks. */
    private readonly instanceEnv: Record<string, string> = {},
  ) {
    this.desired = clampProcessCount(limits.initial, limits.min, limits.max);
  }

  start(): void {
    this.workers?.start();
    cluster.on("exit", (worker, code, signal) => this.onExit(worker, code, signal));
    cluster.on("listening", (worker) => {
      const entry = this.tracked.get(worker.id);
      if (entry && entry.state === "starting") entry.state = "serving";
    });
    this.reconcile();
  }

  status(): InstancesStatus {
    const instances = [...this.tracked.values()].map(({ worker, startedAt, state }) => ({ id: worker.id, pid: worker.process.pid ?? 0, startedAt: startedAt.toISOString(), state }));
    return { instances, desired: this.desired, min: this.limits.min, max: this.limits.max, mode: "local", autoscaler: this.autoscaler };
  }

  scaleTo(requested: number): InstancesStatus {
    const next = clampProcessCount(requested, this.limits.min, this.limits.max);
    if (next !== this.desired) logger.info("scaling app instances", { from: this.desired, to: next, requested });
    this.desired = next;
    this.reconcile();
    return this.status();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...[...this.tracked.values()].map((entry) => this.drain(entry)), this.workers?.stop()]);
  }

  private async workersStatus(): Promise<(WorkerFleetStatus & { scaling: WorkerScalingReport | null }) | null> {
    if (!this.workers) return null;
    return { ...(await this.workers.status()), scaling: this.workerScaling };
  }

  private active(): Tracked[] {
    return [...this.tracked.values()].filter((entry) => entry.state !== "draining");
  }

  private reconcile(): void {
    if (this.stopping) return;
    const active = this.active();
    for (let count = active.length; count < this.desired; count++) this.fork();
    // Newest first: the longest-running instances keep their warm caches.
    const surplus = active.sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime()).slice(0, Math.max(0, active.length - this.desired));
    for (const entry of surplus) void this.drain(entry);
  }

  private fork(): void {
    const worker = cluster.fork(this.instanceEnv);
    // A worker's IPC errors (its channel closing as it exits) are expected; unhandled they would
    // end the supervisor, and with it every instance.
    worker.on("error", (error) => logger.debug("app instance channel error", { pid: worker.process.pid, err: error }));
    this.tracked.set(worker.id, { worker, startedAt: new Date(), state: "starting" });
    serve(worker, {
      "instances:list": () => this.status(),
      "instances:scale": (payload) => this.scaleTo(Number((payload as { desired?: unknown }).desired)),
      "metrics:collect-all": () => this.collectMetrics(),
      "workers:list": () => this.workersStatus(),
      "workers:scale": (payload) => {
        if (!this.workers) return null;
        this.workers.scaleTo(Number((payload as { desired?: unknown }).desired));
        return this.workersStatus();
      },
      "workers:report": (report) => {
        this.workerScaling = report as WorkerScalingReport;
        return true;
      },
      "autoscaler:report": (decision) => {
        this.autoscaler = decision as AutoscalerDecision;
        return true;
      },
    });
  }

  /** Every live instance's registry as JSON; one that does not answer in time is left out. */
  private async collectMetrics(): Promise<object[][]> {
    const [answers, fromWorkers] = await Promise.all([
      Promise.allSettled(this.active().map(({ worker }) => request<object[]>(worker, "metrics:collect", null, COLLECT_TIMEOUT_MS))),
      this.workers?.collectMetrics(COLLECT_TIMEOUT_MS) ?? [],
    ]);
    return [...answers.flatMap((answer) => (answer.status === "fulfilled" ? [answer.value] : [])), ...fromWorkers];
  }

  /** Graceful: the instance stops accepting connections, finishes what it has, then exits. */
  private drain(entry: Tracked): Promise<void> {
    entry.state = "draining";
    const { worker } = entry;
    if (worker.isDead()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => worker.kill("SIGKILL"), DRAIN_TIMEOUT_MS);
      worker.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      worker.process.kill("SIGTERM");
    });
  }

  private onExit(worker: Worker, code: number | null, signal: string | null): void {
    const entry = this.tracked.get(worker.id);
    this.tracked.delete(worker.id);
    if (this.stopping || !entry || entry.state === "draining") return;
    logger.warn("app instance exited unexpectedly; replacing it", { pid: worker.process.pid, code, signal });
    setTimeout(() => this.reconcile(), RESTART_DELAY_MS).unref();
  }
}
