import type { PrismaClient } from "@/generated/prisma/client";
import { PeriodicTask } from "@/lib/periodic-task";
import { appWideRegistry } from "@/lib/cluster/instance";
import { rollUpAndPrune, writeSamples } from "./history/postgres-store";
import { computeSignals } from "./signals";
import { takeSnapshot, type MetricsSnapshot } from "./snapshot";

const ROLLUP_EVERY_MS = 5 * 60_000;

/**
 * Records every request (no sampling of requests: the registry counts them all) and, every
 * interval, turns the registry's counters into the signals the ops views chart, written to
 * Postgres in one statement. Runs on the control-loop instance only.
 */
export class MetricsSampler {
  private previous: MetricsSnapshot | undefined;
  private lastRollupMs = 0;
  // A missed sample leaves a gap in the charts; a slow one is not stacked up.
  private readonly task: PeriodicTask;

  constructor(
    private readonly primary: PrismaClient,
    intervalMs: number,
  ) {
    this.task = new PeriodicTask("metrics sample", intervalMs, () => this.tick());
  }

  start(): void {
    this.task.start();
  }

  stop(): void {
    this.task.stop();
    this.previous = undefined;
  }

  async tick(now = new Date()): Promise<void> {
    const current = await takeSnapshot(await appWideRegistry(), now.getTime());
    if (this.previous) await writeSamples(this.primary, now, computeSignals(this.previous, current));
    this.previous = current;
    if (now.getTime() - this.lastRollupMs >= ROLLUP_EVERY_MS) {
      this.lastRollupMs = now.getTime();
      await rollUpAndPrune(this.primary, now);
    }
  }
}
