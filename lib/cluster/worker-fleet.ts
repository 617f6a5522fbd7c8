import { fork, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { logger } from "@/lib/logging/logger";
import { request } from "./ipc";
import { clampProcessCount } from "./process-count";

/** The environment variable that turns this app's entry point into a workflow worker process. */
export const PROCESS_ROLE_VARIABLE = "AGENCY_PROCESS_ROLE";
export const WORKFLOW_WORKER_ROLE = "workflow-worker";

/** A worker asked to stop gets this long to checkpoint and hand its executions back. */
const STOP_TIMEOUT_MS = 30_000;
const RESTART_DELAY_MS = 1_000;

export type FleetWorkerInfo = { pid: number; startedAt: string; state: "running" | "stopping"; rssBytes: number | null };
export type WorkerFleetStatus = { workers: FleetWorkerInfo[]; desired: number; min: number; max: number; memoryLimitBytes: number };

type Tracked = { child: ChildProcess; startedAt: Date; state: FleetWorkerInfo["state"] };

/** Resident memory of a process, from /proc (Linux); null elsewhere or once it has gone. */
async function residentBytes(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kilobytes = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kilobytes ? Number(kilobytes) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * The workflow workers of the `local` orchestrator: real processes running this app's entry point
 * in the worker role, scaled between min and max. A crashed worker is replaced; its executions
 * resume from their checkpoints on the others. Stopping is graceful (SIGTERM, then SIGKILL).
 */
export class WorkerFleet {
  private readonly tracked = new Map<number, Tracked>();
  private desired: number;
  private stopping = false;

  constructor(
    private readonly options: { initial: number; min: number; max: number; memoryLimitBytes: number; entry: string; env: NodeJS.ProcessEnv },
  ) {
    this.desired = clampProcessCount(options.initial, options.min, options.max);
  }

  start(): void {
    this.reconcile();
  }

  async status(): Promise<WorkerFleetStatus> {
    const workers = await Promise.all(
      [...this.tracked.entries()].map(async ([pid, { startedAt, state }]) => ({ pid, startedAt: startedAt.toISOString(), state, rssBytes: await residentBytes(pid) })),
    );
    return { workers, desired: this.desired, min: this.options.min, max: this.options.max, memoryLimitBytes: this.options.memoryLimitBytes };
  }

  /** Each running worker's workflow metrics (JSON); one that does not answer in time is left out. */
  async collectMetrics(timeoutMs: number): Promise<object[][]> {
    const answers = await Promise.allSettled(this.running().map(({ child }) => request<object[]>(child, "metrics:collect", null, timeoutMs)));
    return answers.flatMap((answer) => (answer.status === "fulfilled" ? [answer.value] : []));
  }

  scaleTo(requested: number): number {
    const next = clampProcessCount(requested, this.options.min, this.options.max);
    if (next !== this.desired) logger.info("scaling workflow workers", { from: this.desired, to: next, requested });
    this.desired = next;
    this.reconcile();
    return this.desired;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.tracked.values()].map((entry) => this.stopWorker(entry)));
  }

  private running(): Tracked[] {
    return [...this.tracked.values()].filter((entry) => entry.state === "running");
  }

  private reconcile(): void {
    if (this.stopping) return;
    const running = this.running();
    for (let count = running.length; count < this.desired; count++) this.spawn();
    // Newest first, like the app instances: the oldest workers have warm connections.
    const surplus = running.sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime()).slice(0, Math.max(0, running.length - this.desired));
    for (const entry of surplus) void this.stopWorker(entry);
  }

  private spawn(): void {
    const child = fork(this.options.entry, [], { env: { ...this.options.env, [PROCESS_ROLE_VARIABLE]: WORKFLOW_WORKER_ROLE }, stdio: "inherit" });
    const pid = child.pid;
    if (pid === undefined) {
      logger.error("a workflow worker process could not be started");
      return;
    }
    child.on("error", (error) => logger.debug("workflow worker channel error", { pid, err: error }));
    child.once("exit", (code, signal) => this.onExit(pid, code, signal));
    this.tracked.set(pid, { child, startedAt: new Date(), state: "running" });
  }

  private stopWorker(entry: Tracked): Promise<void> {
    entry.state = "stopping";
    const { child } = entry;
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill("SIGTERM");
    });
  }

  private onExit(pid: number, code: number | null, signal: string | null): void {
    const entry = this.tracked.get(pid);
    this.tracked.delete(pid);
    if (this.stopping || !entry || entry.state === "stopping") return;
    logger.warn("workflow worker exited unexpectedly; replacing it", { pid, code, signal });
    setTimeout(() => this.reconcile(), RESTART_DELAY_MS).unref();
  }
}
